"""Streamlit glue shared by the pages: identity, language, database handle.
Business rules live in ``coprog``; this package only reads and calls."""
