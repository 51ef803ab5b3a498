//go:build cgo

package store

// cgoEnabled reports whether this binary was built with cgo, i.e. whether go-sqlite3 is
// the real driver rather than its stub (which has the build constraint !cgo).
const cgoEnabled = true
