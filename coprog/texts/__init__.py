"""The words of the domain: the vocabulary the database stores (types, statuses, methods,
limits, defaults), the taxonomies shipped in data/, the interface's catalogues (gettext,
Italian and English), the errors that carry a catalogue key, the validation every entry
point shares, and spreadsheet safety for every export.

May use: coprog.config and the standard library's and dependencies' modules only."""
