# The operator image. The published operator is copied in, not built here, so the same Dockerfile
# serves a registry-backed build and this repository's registry-free one (build/image.sh):
#
#   dotnet publish src/SparkOperator -c Release -r linux-x64 -o artifacts/publish
#   docker build -t spark-operator:dev .
#
# The default base is Microsoft's chiseled runtime-deps image: no shell, no package manager, the
# native libraries a self-contained .NET program needs. build/image.sh passes a base made from
# Debian packages instead (BASE_IMAGE=localhost/spark-operator-base:bookworm).
ARG BASE_IMAGE=mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled
FROM ${BASE_IMAGE}

COPY artifacts/publish/ /app/

# The "app" user of the .NET images, the Deployment's runAsUser: non-root and numeric, so
# runAsNonRoot can verify it without a passwd lookup.
USER 1654:1654
WORKDIR /app
ENV DOTNET_NOLOGO=1 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
EXPOSE 8080 8443
ENTRYPOINT ["/app/SparkOperator"]
CMD ["run"]
