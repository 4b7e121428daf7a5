"""A whole vault as one documented JSON file (docs/EXPORT.md): export, and import into an empty
vault after the diary's chain is verified."""
