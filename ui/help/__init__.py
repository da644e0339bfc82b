"""Help: the toolkit chapters as pages."""
