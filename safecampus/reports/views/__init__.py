"""The pages of reports, by concept: the summaries and the safety calendar."""
