package content

import (
	"fmt"
	"regexp"
	"strings"
)

// setRef is a set named in a rule's phrase: "@family me recoge".
var setRef = regexp.MustCompile(`@[a-z_][a-z0-9_]*`)

// maxExpansion is the most phrases one phrase may expand to: a guard against a rule that
// names several large sets at once.
const maxExpansion = 5000

// expandSets writes out every phrase of the lexicon's rules that names a set of its Sets
// ("@family me recoge", with family: [mi papa, mi mama]) as one phrase per member ("mi papa me
// recoge|mi mama me recoge"); a phrase naming two sets gets every pair. The rules are read
// written out, so the classifier and the checks never see a set's name.
func (lx *Lexicon) expandSets() error {
	for name, members := range lx.Sets {
		if "@"+name != setRef.FindString("@"+name) {
			return fmt.Errorf("sets.%s: want a name of a-z, 0-9 and _, starting with a letter or _", name)
		}
		if len(members) == 0 {
			return fmt.Errorf("sets.%s: empty (a rule naming it would lose its group)", name)
		}
		for _, m := range members {
			if strings.TrimSpace(m) == "" || strings.ContainsAny(m, "|+@!") {
				return fmt.Errorf("sets.%s: member %q: want words, with no | + @ or !", name, m)
			}
		}
	}
	for at, lines := range lx.ruleLines() {
		for i, line := range lines {
			if !strings.Contains(line, "@") {
				continue
			}
			out, err := lx.expandLine(line)
			if err != nil {
				return fmt.Errorf("%s[%d]: %w", at, i, err)
			}
			lines[i] = out // ruleLines' slices are the lexicon's own
		}
	}
	return nil
}

// expandLine writes out the sets a rule line names.
func (lx *Lexicon) expandLine(line string) (string, error) {
	groups := strings.Split(line, " + ")
	for g, group := range groups {
		group = strings.TrimSpace(group)
		not := strings.HasPrefix(group, "!")
		var out []string
		for _, phrase := range strings.Split(strings.TrimPrefix(group, "!"), "|") {
			phrases := []string{strings.TrimSpace(phrase)}
			for _, ref := range setRef.FindAllString(phrase, -1) {
				members, ok := lx.Sets[ref[1:]]
				if !ok {
					return "", fmt.Errorf("phrase %q names %s, which sets does not define", phrase, ref)
				}
				var next []string
				for _, p := range phrases {
					for _, m := range members {
						next = append(next, strings.Replace(p, ref, m, 1))
					}
				}
				phrases = next
				if len(phrases) > maxExpansion {
					return "", fmt.Errorf("phrase %q expands to more than %d phrases", phrase, maxExpansion)
				}
			}
			out = append(out, phrases...)
		}
		groups[g] = strings.Join(out, "|")
		if strings.Contains(groups[g], "@") {
			return "", fmt.Errorf("group %q has an @ that names no set (names are a-z, 0-9 and _)", group)
		}
		if not {
			groups[g] = "!" + groups[g]
		}
	}
	return strings.Join(groups, " + "), nil
}
