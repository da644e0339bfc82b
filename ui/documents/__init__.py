"""Documents: previews, printing and saving PDFs, handouts, referral packs."""
