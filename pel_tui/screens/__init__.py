"""One module per screen; each is a mode of the app, reached by one key and from the palette."""
