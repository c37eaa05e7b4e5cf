"""The ``draftgate`` command line: batch commands, keys, users, the review-log check, serve, demo."""
