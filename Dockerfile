# An image with the autoglm CLI, for GitLab jobs (the component's `image` input) and air-gapped
# runners. dist/ is the committed, self-contained bundle (onnxruntime-node and z3-solver beside
# it), so the image needs no npm install and no registry at run time.
#   docker build -t registry.example.com/tools/autoglm:0.1.0 .
#   component inputs: image: registry.example.com/tools/autoglm:0.1.0, version: file:/opt/open-autoglm-ci
FROM node:24-bookworm-slim
# git: the merge-base, patch coverage and baseline models are read from the job's clone.
RUN apt-get update \
 && apt-get install -y --no-install-recommends git ca-certificates \
 && rm -rf /var/lib/apt/lists/*
ENV ONNXRUNTIME_NODE_INSTALL=skip \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false
WORKDIR /opt/open-autoglm-ci
COPY package.json README.md LICENSE action.yml ./
COPY bin ./bin
COPY dist ./dist
COPY templates ./templates
RUN ln -s /opt/open-autoglm-ci/bin/autoglm.js /usr/local/bin/autoglm \
 && autoglm --help > /dev/null
WORKDIR /builds
CMD ["autoglm", "--help"]
