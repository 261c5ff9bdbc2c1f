"""Views of consultations: one module per topic."""
