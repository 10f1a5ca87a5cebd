"""Views of the expert workflow under /work/: one module per audience."""
