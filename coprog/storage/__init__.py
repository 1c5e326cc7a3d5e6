"""Keeping the data: the one SQLite file (connections, transactions), its migrations, the
generated schema, the online backup and the audit log (and its Actor).

May use: coprog.config, coprog.texts."""
