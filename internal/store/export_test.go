package store

// ChatTables exposes chatTables to the external tests.
var ChatTables = chatTables
