package apiversions

import "strings"

// Touches reports whether the change affects method path (a route template
// as permissions/routes.tsv writes it, or a path as written).
func (c *Change) Touches(method, path string) bool {
	for _, r := range c.Routes {
		if (r.Method == "*" || strings.EqualFold(r.Method, method)) && r.Path == path {
			return true
		}
	}
	return false
}
