"""Help-center knowledge: loading approved articles, chunking, embeddings, hybrid retrieval."""
