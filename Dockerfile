# Lantern: multi-stage build. cgo is needed for SQLite (github.com/mattn/go-sqlite3); the binary
# is linked statically by .ci/build (the same script CI runs), so the final image has no shell,
# no package manager and no root user.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN sh .ci/build /out/lantern && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/lantern /usr/local/bin/lantern
# The database (and the key file beside it, unless LANTERN_SECRET is set) live on a volume.
COPY --from=build --chown=65532:65532 /out/data /data
VOLUME ["/data"]
ENV LANTERN_DB=/data/lantern.db LANTERN_HTTP_ADDR=:8080
EXPOSE 8080
USER 65532:65532
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s CMD ["/usr/local/bin/lantern", "health"]
ENTRYPOINT ["/usr/local/bin/lantern"]
CMD ["serve"]
