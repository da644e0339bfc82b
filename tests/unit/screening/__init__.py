"""The screening scenario suite: situations a volunteer would recognise, and what the
screening result must say for each, with where that expectation comes from."""
