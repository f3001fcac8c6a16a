# policybook for CI: build with `docker build -t policybook .`, then, in a site's folder,
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/site" policybook build
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/site" policybook check --offline
# The binary has external link checking (`check --external`).

FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --locked --release --features external --bin policybook \
    && cp target/release/policybook /usr/local/bin/policybook

FROM debian:bookworm-slim
# CA certificates, for checking external links over HTTPS.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /usr/local/bin/policybook /usr/local/bin/policybook
WORKDIR /site
ENTRYPOINT ["policybook"]
CMD ["--help"]
