"""Small dialogs: one per dossier action, print preview."""
