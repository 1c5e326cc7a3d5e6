"""The live session: the facilitator's switches and agenda of phases, what a delegate's
open page follows, the floor, the attendance register and the live counters.

May use: the packages above it in coprog.PACKAGES (texts, storage, hosting, procedure)."""
