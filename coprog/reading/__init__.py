"""The reading of needs beside the offer: the table of needs and its frames, Milan's
population, the charts, the ETS' services and the measures of coverage and fragmentation.

May use: texts, storage, hosting, procedure, live, contributions, ballots."""
