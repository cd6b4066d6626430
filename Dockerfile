# The one KRAKEN image: every role runs from it, selected by arguments (--cluster --verticles ingest ...).
# Build the jar first (mvn -B -DskipTests package), then: docker build -t kraken:0.1.0 .
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 kraken \
 && useradd --system --uid 10001 --gid kraken --home-dir /app --shell /usr/sbin/nologin kraken
WORKDIR /app
COPY --chown=kraken:kraken target/kraken.jar /app/kraken.jar
COPY --chown=kraken:kraken conf/kraken.yaml /app/conf/kraken.yaml
USER 10001:10001
# 8080 ingest HTTP, 8082 ingest TCP, 8081 tactical, 9090 ops, 5701 Hazelcast, 5711 event bus (cluster.busPort)
EXPOSE 8080 8081 8082 9090 5701 5711
# exec form: the JVM is PID 1 and gets SIGTERM itself, so the drain runs
ENTRYPOINT ["java", "-jar", "/app/kraken.jar"]
