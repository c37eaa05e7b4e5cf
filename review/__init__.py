"""The approval domain: draft lifecycle, review log, outbox and delivery, keys and users, tables."""
