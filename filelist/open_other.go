//go:build !unix

package filelist

// openFlags: no O_NOFOLLOW here; OpenListed checks with Lstat before
// opening and the opened file after.
const openFlags = 0
