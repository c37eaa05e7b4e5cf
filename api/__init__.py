"""HTTP API, review queue, review log, delivery and the command line of draftgate."""
