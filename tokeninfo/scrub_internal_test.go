package tokeninfo

import (
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/ghpat-ls/ghpat-ls/ghtoken"
)

// Every string a Result can hold, wherever it sits (a new field
// included), is scrubbed: the test fills them all by reflection.
func TestScrubRemoteCoversEveryField(t *testing.T) {
	tok := ghtoken.Generate(ghtoken.ClassicPAT, 11)
	legacy := strings.Repeat("0123456789", 4)
	dirty := "x " + tok + " " + legacy + " y"
	r := Result{Scopes: []string{"", ""}, Installation: &Installation{}, Rate: &Rate{}, Failure: &Failure{}}
	strs := stringsOf(reflect.ValueOf(&r).Elem())
	if len(strs) < 19 {
		t.Fatalf("found only %d string fields: the walk is broken", len(strs))
	}
	for _, v := range strs {
		v.SetString(dirty)
	}
	scrubRemote(&r, legacy)
	for _, v := range stringsOf(reflect.ValueOf(&r).Elem()) {
		if s := v.String(); strings.Contains(s, tok) || strings.Contains(s, legacy) || !strings.Contains(s, ghtoken.Redact(tok)) {
			t.Errorf("a field was not scrubbed: %q", ghtoken.RedactAll(strings.ReplaceAll(s, legacy, "<legacy>")))
		}
	}
}

// stringsOf are the settable strings in v, through structs, pointers and
// slices. Named string types (ghtoken.Kind) are enums set locally, not
// text.
func stringsOf(v reflect.Value) []reflect.Value {
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() && v.Type() == reflect.TypeOf("") {
			return []reflect.Value{v}
		}
	case reflect.Pointer:
		if !v.IsNil() {
			return stringsOf(v.Elem())
		}
	case reflect.Slice:
		var out []reflect.Value
		for i := 0; i < v.Len(); i++ {
			out = append(out, stringsOf(v.Index(i))...)
		}
		return out
	case reflect.Struct:
		var out []reflect.Value
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				out = append(out, stringsOf(v.Field(i))...)
			}
		}
		return out
	}
	return nil
}

// Text from the host reaches a terminal (whoami): no escape sequence, no
// invalid UTF-8, one line.
func TestScrubRemoteMakesHostTextPrintable(t *testing.T) {
	r := Result{Login: "oct\x1b]52;c;aGk=\x07o\x1b[2J", Failure: &Failure{Message: "bad\xff\r\nline\u0085two\x00"}}
	scrubRemote(&r)
	for _, s := range []string{r.Login, r.Failure.Message} {
		for _, c := range s {
			if unicode.IsControl(c) {
				t.Errorf("%q keeps the control character %U", s, c)
			}
		}
		if !utf8.ValidString(s) {
			t.Errorf("%q is not valid UTF-8", s)
		}
	}
}
