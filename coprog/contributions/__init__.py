"""What the ETS bring: needs and proposals, their moderation, their consolidation into a
plenary's lists, reactions and co-signing, and the facilitator's input for an ETS
without a laptop.

May use: texts, storage, hosting, procedure, live."""
