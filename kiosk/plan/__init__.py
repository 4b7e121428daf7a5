"""The safety plan: the wizard's content (sections, prompts, checklists, read from a data file),
her answers, and the versions of her plan kept in the vault (issue 10)."""
