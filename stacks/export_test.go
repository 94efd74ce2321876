package stacks

// JSONNote ends the message for a list or map given for a string key.
const JSONNote = jsonNote
