"""The review pages for reps and leads: templates, static files, page queries, charts."""
