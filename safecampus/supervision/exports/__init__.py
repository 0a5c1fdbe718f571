"""What supervision writes: xlsx lists, the notices and summaries as .docx and PDF, per concept."""
