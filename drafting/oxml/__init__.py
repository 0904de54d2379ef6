"""The XML layer: WordprocessingML element logic, kept apart from the model."""
