"""Views of workshops, by audience: public pages and outputs (public), the Secretariat's
agenda editor (editor), documents (documents)."""
