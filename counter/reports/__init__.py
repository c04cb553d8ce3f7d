"""The period report: figures (SQL aggregates), presentation, charts, the PDF and the workbook."""
