# Kravlistan: a static binary (pure-Go SQLite, no cgo) in a small image, run as non-root.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN mkdir -p /out/data && CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/kravlistan ./cmd/kravlistan

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/kravlistan /usr/local/bin/kravlistan
COPY --from=build --chown=65532:65532 /out/data /data
VOLUME ["/data"]
ENV KRAVLISTAN_DB=/data/kravlistan.db KRAVLISTAN_ADDR=:8080
EXPOSE 8080
USER nonroot:nonroot
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s \
	CMD ["/usr/local/bin/kravlistan", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/kravlistan"]
CMD ["serve"]
