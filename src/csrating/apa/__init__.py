"""The annual performance assessment (2005-2008): recorded judgements, the overall grade, the letter."""
