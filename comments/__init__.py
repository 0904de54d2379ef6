"""comments: the feedback side — intake, consolidation, decisions, response tables."""
