"""coprog: the core of the co-programming workshop app (no Streamlit here)."""

__version__ = "0.1.0"
