"""Prioritisation: ballots (methods, casting, paper counts, results and frozen snapshots),
the agreement measures, the opinion groups found in reactions and the groups the ETS
declared.

May use: texts, storage, hosting, procedure, live, contributions."""
