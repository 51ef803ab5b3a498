package hotline

// JSONEntry is the machine-readable form of an Entry, as printed by
// `lantern hotlines --json`.
type JSONEntry struct {
	Country   string   `json:"country"`
	Kind      string   `json:"kind"`
	Name      string   `json:"name"`
	Phone     string   `json:"phone"`
	SMS       string   `json:"sms"`
	Web       string   `json:"web"`
	Chat      string   `json:"chat"`
	Hours     string   `json:"hours"`
	Languages []string `json:"languages"`
	Audience  string   `json:"audience"`
	Source    string   `json:"source"` // the first source URL
	Checked   string   `json:"checked"`
}

// ToJSON converts entries to their JSON form, in the same order. Languages is never
// nil, so it encodes as [] rather than null.
func ToJSON(entries []Entry) []JSONEntry {
	out := make([]JSONEntry, 0, len(entries))
	for _, e := range entries {
		j := JSONEntry{
			Country:   e.Country,
			Kind:      e.Kind,
			Name:      e.Name,
			Phone:     e.Phone,
			SMS:       e.SMS,
			Web:       e.Web,
			Chat:      e.Chat,
			Hours:     e.Hours,
			Languages: append([]string{}, e.Languages...),
			Audience:  e.Audience,
			Checked:   e.Checked,
		}
		if len(e.Sources) > 0 {
			j.Source = e.Sources[0]
		}
		out = append(out, j)
	}
	return out
}
