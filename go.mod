module github.com/lantern-help/lantern

go 1.26.8

require (
	github.com/mattn/go-sqlite3 v1.14.53
	go.yaml.in/yaml/v3 v3.0.6
	golang.org/x/text v0.44.0
)

require (
	github.com/go-telegram/bot v1.19.0 // indirect
	github.com/prometheus/client_golang v1.25.0 // indirect
	golang.org/x/time v0.16.0 // indirect
)
