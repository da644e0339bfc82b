"""Every Qt widget, model and dialog. Talks to app/ only, never to db/."""
