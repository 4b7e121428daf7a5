"""The Textual front end: the App (the kiosk's posture), its screens by area, and widgets."""
