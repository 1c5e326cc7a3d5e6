"""The procedure: the percorso and its life, its sessions, the ETS that apply and their
admission, their delegates and personal codes, facilitators, the informativa, the import
of applications, the invitations, and who may do what (permissions.py, the one home of
the rules).

May use: coprog.config, coprog.texts, coprog.storage, coprog.hosting."""
