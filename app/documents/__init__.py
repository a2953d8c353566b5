"""ReportLab documents: frozen data in, PDF bytes out. No Qt, no database."""
