// The project's own rules for its deployment files, checked without a Docker
// engine. Run by .ci/check-deploy, which installs the one dependency (the npm
// package `yaml`) into CHECK_DEPLOY_TOOLS. Each rule prints one line; the exit
// status is the number of failed rules (capped), 0 when all hold.
//
// What it checks: only what the container smoke test (.ci/container/smoke-test,
// run by .ci/run) cannot show, because it builds on other base images and runs
// on the host's network, not on GitHub:
//   YAML        docker-compose.yml and every workflow parse, with no duplicate keys
//   compose     depends_on conditions, the service addresses and published
//               ports that host networking replaces, stop_grace_period
//   Dockerfile  the default (public) base images (a JRE 25 under an AOT cache),
//               the dependency layer before the sources, the order of the
//               layers, a health check the public image can run, EXPOSE
//   workflow    the test command and the PostgreSQL URL are the ones of .ci/run,
//               and every `run:` block passes shellcheck
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const tools = process.env.CHECK_DEPLOY_TOOLS;
if (!tools) {
	console.error('CHECK_DEPLOY_TOOLS is not set: run .ci/check-deploy, not this file');
	process.exit(2);
}
const YAML = createRequire(path.join(tools, 'package.json'))('yaml');

const root = process.cwd();
const COMPOSE_FILE = 'docker-compose.yml';
const WORKFLOW_DIR = '.github/workflows';

let failed = 0;
let passed = 0;

function check(ok, what, detail) {
	if (ok) {
		passed++;
		console.log(`  ok    ${what}`);
	} else {
		failed++;
		console.log(`  FAIL  ${what}${detail ? `\n          ${detail}` : ''}`);
	}
	return ok;
}

function section(title) {
	console.log(`\n-- ${title}`);
}

function readYaml(file) {
	const doc = YAML.parseDocument(fs.readFileSync(file, 'utf8'), { uniqueKeys: true, prettyErrors: true });
	const problems = [...doc.errors, ...doc.warnings].map((e) => e.message.split('\n')[0]);
	check(problems.length === 0, `${file}: valid YAML, no duplicate keys`, problems.join('; '));
	return problems.length === 0 ? doc.toJS() : null;
}

// ---------------------------------------------------------------------------
// Compose
// ---------------------------------------------------------------------------

// ${VAR}, ${VAR:-default}, ${VAR-default} as compose resolves them; $$ is a literal $.
function interpolate(value) {
	if (typeof value !== 'string') {
		return value;
	}
	return value
		.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)-([^}]*))?\}/g, (_, name, colon, fallback) => {
			const set = process.env[name];
			if (fallback === undefined) {
				return set ?? '';
			}
			if (colon) {
				return set ? set : fallback;
			}
			return set !== undefined ? set : fallback;
		})
		.replace(/\$\$/g, '$');
}

function environment(service) {
	const env = service?.environment ?? {};
	if (Array.isArray(env)) {
		return Object.fromEntries(env.map((entry) => {
			const at = String(entry).indexOf('=');
			return at < 0 ? [entry, process.env[entry]] : [entry.slice(0, at), interpolate(entry.slice(at + 1))];
		}));
	}
	return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, interpolate(v == null ? v : String(v))]));
}

function containerPorts(service) {
	return (service?.ports ?? []).map((p) => {
		if (typeof p === 'object') {
			return String(p.target);
		}
		const spec = String(p).replace(/\/(tcp|udp)$/, '');
		return spec.split(':').pop();
	});
}

function seconds(duration) {
	const m = /^(?:(\d+)m)?(?:(\d+)s)?$/.exec(String(duration ?? ''));
	return m && (m[1] || m[2]) ? Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0) : NaN;
}

function url(value) {
	try {
		return new URL(value);
	} catch {
		return null;
	}
}

function checkCompose() {
	section(`${COMPOSE_FILE}: what the smoke test replaces`);
	const compose = readYaml(COMPOSE_FILE);
	if (!compose) {
		return [];
	}
	const services = compose.services ?? {};
	check(!('version' in compose), 'Compose Specification: no obsolete top-level `version:`');
	const { postgres, demo, api } = services;
	if (!api) {
		check(false, 'service `api` is defined');
		return [];
	}
	// The smoke test starts the API only after both are healthy anyway, so it
	// cannot tell whether compose would have waited.
	for (const dependency of ['postgres', 'demo']) {
		const condition = Array.isArray(api.depends_on) ? undefined : api.depends_on?.[dependency]?.condition;
		check(condition === 'service_healthy', `api waits for ${dependency} to be healthy (depends_on condition service_healthy)`,
			`found: ${JSON.stringify(api.depends_on?.[dependency] ?? api.depends_on)}`);
	}
	// On the host's network (the smoke test) there are no service names and
	// the ports are its own: these addresses are only ever read here.
	const env = environment(api);
	const database = /^jdbc:postgresql:\/\/([^:/?]+)/.exec(env.DATABASE_URL ?? '')?.[1];
	check(Boolean(postgres) && database === 'postgres', 'api DATABASE_URL points at the `postgres` service', `DATABASE_URL=${env.DATABASE_URL}`);
	const issuer = env.SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI ?? env.SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUERURI;
	const jwks = url(env.SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWK_SET_URI ?? env.SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWKSETURI);
	check(Boolean(url(issuer)), 'api sets the issuer it validates `iss` against (..._JWT_ISSUER_URI)', `found: ${issuer}`);
	check(Boolean(jwks) && jwks.hostname in services, 'api fetches the JWKS from a compose service, not from localhost (..._JWT_JWK_SET_URI)',
		`found: ${jwks}`);
	if (demo) {
		const demoIssuer = environment(demo).DEMO_ISSUER ?? 'http://localhost:9000';
		check(issuer === demoIssuer, 'api validates the very issuer the demo writes into tokens (DEMO_ISSUER)',
			`api: ${issuer}, demo: ${demoIssuer}`);
		check(containerPorts(demo).includes('9000'), 'demo publishes port 9000');
	}
	check(containerPorts(api).includes('8080'), 'api publishes port 8080');
	// The smoke test's in-flight transfer ends in seconds, far inside either.
	check(seconds(api.stop_grace_period) > 30, 'api stop_grace_period exceeds the 30 s graceful shutdown phase',
		`found: ${api.stop_grace_period ?? '(default 10s)'}`);

	const builds = [];
	for (const [name, service] of Object.entries(services)) {
		if (!service.build) {
			continue;
		}
		const context = typeof service.build === 'string' ? service.build : service.build.context ?? '.';
		const dockerfile = path.join(context, typeof service.build === 'object' && service.build.dockerfile || 'Dockerfile');
		if (fs.existsSync(dockerfile)) {
			builds.push({ service: name, dockerfile, ports: containerPorts(service) });
		}
	}
	return builds;
}

// ---------------------------------------------------------------------------
// Dockerfiles
// ---------------------------------------------------------------------------

function instructions(file) {
	const result = [];
	let pending = '';
	for (const raw of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
		const line = raw.trim();
		if (line.startsWith('#') || (!line && pending)) {
			continue;
		}
		if (line.endsWith('\\')) {
			pending += `${line.slice(0, -1)} `;
			continue;
		}
		const text = (pending + line).trim();
		pending = '';
		if (text) {
			const [, keyword, args] = /^(\S+)\s*(.*)$/.exec(text);
			result.push({ keyword: keyword.toUpperCase(), args });
		}
	}
	return result;
}

// The smoke test builds each Dockerfile on bases of its own and checks in the
// running containers the user, the exec-form entry point with java as PID 1,
// the layered jar with its launcher (demo) or application.jar + lib/ with its
// AOT cache in use (API), the JRE-only run stage, the health check;
// a missing COPY source or a .dockerignore that drops one fails its build.
// What it cannot see: the public images users build on (the defaults of the
// base image arguments), whether a source change leaves the dependency layer
// cached, the order of the layers, and EXPOSE (meaningless on the host's network).
function checkDockerfile({ service, dockerfile, ports }) {
	section(`${dockerfile} (image of \`${service}\`): what the smoke test cannot see`);
	const all = instructions(dockerfile);
	const defaults = Object.fromEntries(all.filter((s) => s.keyword === 'ARG' && s.args.includes('='))
		.map((s) => s.args.split(/=(.*)/s).slice(0, 2).map((v) => v.trim())));
	const stages = [];
	for (const instruction of all) {
		if (instruction.keyword === 'FROM') {
			const [image, as, name] = instruction.args.replace(/--platform=\S+\s+/, '').split(/\s+/);
			const resolved = image.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, arg) => defaults[arg] ?? '');
			stages.push({ image, resolved, name: /^as$/i.test(as ?? '') ? name : undefined, steps: [] });
		} else if (stages.length) {
			stages.at(-1).steps.push(instruction);
		}
	}
	if (!check(stages.length >= 2, 'multi-stage: a build stage and a run stage', `${stages.length} stage(s)`)) {
		return;
	}
	const build = stages[0];
	const run = stages.at(-1);
	check(/^eclipse-temurin:17-jdk/.test(build.resolved), `build stage by default on a public JDK 17 image (${build.image} = ${build.resolved})`);
	// An AOT cache (the API) needs a Java 25 runtime; the rest runs on the JRE of its build.
	const entrypoint = run.steps.filter((s) => s.keyword === 'ENTRYPOINT').at(-1)?.args ?? '';
	const aot = entrypoint.includes('-XX:AOTCache=');
	const jre = aot ? 25 : 17;
	check(new RegExp(`^eclipse-temurin:${jre}-jre`).test(run.resolved),
		`run stage by default on a public JRE ${jre} image${aot ? ' (the entry point uses an AOT cache)' : ''} (${run.image} = ${run.resolved})`);
	// The smoke test's JRE 25 base has no curl either, but only this says why it must not.
	if (/^eclipse-temurin:(2[5-9]|[3-9]\d)-/.test(run.resolved)) {
		const healthcheck = run.steps.filter((s) => s.keyword === 'HEALTHCHECK').map((s) => s.args).join(' ');
		check(!/\b(curl|wget)\b/.test(healthcheck), 'health check without curl or wget (not in the eclipse-temurin:25 images)');
	}

	const mavenRuns = build.steps.map((s, i) => ({ ...s, i })).filter((s) => s.keyword === 'RUN' && s.args.includes('./mvnw'));
	const copies = build.steps.map((s, i) => ({ ...s, i })).filter((s) => s.keyword === 'COPY');
	const sources = (c) => c.args.split(/\s+/).filter((w) => !w.startsWith('--')).slice(0, -1);
	const firstSourceCopy = copies.find((c) => sources(c).some((w) => /^(\.\/?|(.*\/)?src\/?)$/.test(w)))?.i ?? Infinity;
	const dependencyRun = mavenRuns.find((r) => r.i < firstSourceCopy);
	const wrapperFirst = ['mvnw', '.mvn', 'pom.xml'].every((f) => copies.some((c) => c.i < (dependencyRun?.i ?? -1) && c.args.includes(f)));
	check(Boolean(dependencyRun) && wrapperFirst,
		'dependency layer: mvnw, .mvn/ and the POM are copied and resolved before the sources');

	// Spring Boot's layers; the loader's only where JarLauncher starts the application
	// (an AOT cache needs application.jar + lib/ on the class path, extracted without it).
	const allLayers = ['dependencies', 'spring-boot-loader', 'snapshot-dependencies', 'application'];
	const launcher = entrypoint.includes('JarLauncher');
	const layerOrder = allLayers.filter((layer) => launcher || layer !== 'spring-boot-loader');
	const layerCopies = run.steps.filter((s) => s.keyword === 'COPY' && /--from=/.test(s.args))
		.map((s) => allLayers.find((layer) => new RegExp(`/${layer}/?(\\s|$)`).test(s.args)))
		.filter(Boolean);
	check(JSON.stringify(layerCopies) === JSON.stringify(layerOrder),
		`run stage copies the ${layerOrder.length} layers${launcher ? '' : ' (no launcher)'}, least changed first`,
		`found: ${layerCopies.join(', ')}`);
	const exposed = run.steps.filter((s) => s.keyword === 'EXPOSE').flatMap((s) => s.args.split(/\s+/)).map((p) => p.replace(/\/\w+$/, ''));
	for (const port of ports) {
		check(exposed.includes(port), `EXPOSEs ${port}, the port compose publishes`);
	}
}

// ---------------------------------------------------------------------------
// Workflows
// ---------------------------------------------------------------------------

function ciRun() {
	const text = fs.existsSync('.ci/run') ? fs.readFileSync('.ci/run', 'utf8') : '';
	const commands = text.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('./mvnw '));
	const postgresUrl = /BANK_TEST_POSTGRES_URL:-([^}"]+)/.exec(text)?.[1];
	return { commands, postgresUrl };
}

function checkWorkflow(file) {
	section(`${file}: the project's rules`);
	const workflow = readYaml(file);
	if (!workflow) {
		return;
	}
	const jobs = Object.entries(workflow.jobs ?? {});
	const blocks = [];
	for (const [id, job] of jobs) {
		(job.steps ?? []).forEach((step, i) => {
			if (typeof step.run === 'string') {
				const shell = step.shell ?? job.defaults?.run?.shell ?? workflow.defaults?.run?.shell ?? 'bash';
				blocks.push({ where: `job ${id}, step ${i + 1}${step.name ? ` (${step.name})` : ''}`, run: step.run, shell, job });
			}
		});
	}
	const { commands, postgresUrl } = ciRun();
	for (const command of commands) {
		check(blocks.some((b) => b.run.includes(command)), `runs the test command of .ci/run: ${command}`);
	}
	if (postgresUrl) {
		const urls = jobs.map(([, job]) => job.env?.BANK_TEST_POSTGRES_URL ?? workflow.env?.BANK_TEST_POSTGRES_URL).filter(Boolean);
		check(urls.includes(postgresUrl), `BANK_TEST_POSTGRES_URL is the one of .ci/run (${postgresUrl})`, `found: ${urls.join(', ')}`);
		const testJob = blocks.find((b) => commands.some((c) => b.run.includes(c)))?.job;
		const image = Object.values(testJob?.services ?? {}).map((s) => s.image ?? '').find((i) => i.startsWith('postgres'));
		check(Boolean(image), 'the test job has a PostgreSQL service container', `services: ${Object.keys(testJob?.services ?? {})}`);
	}
	check(blocks.some((b) => b.run.includes('.ci/check-deploy')), 'runs .ci/check-deploy');

	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-deploy-'));
	try {
		for (const [n, block] of blocks.entries()) {
			if (!/^(bash|sh)\b/.test(block.shell)) {
				continue;
			}
			// As actionlint does: an expression becomes a word of the same length.
			const script = block.run.replace(/\$\{\{[\s\S]*?\}\}/g, (m) => '_'.repeat(m.length));
			const scriptFile = path.join(dir, `step-${n}.sh`);
			fs.writeFileSync(scriptFile, `# shellcheck shell=${block.shell.startsWith('sh') ? 'sh' : 'bash'}\n${script}`);
			const result = spawnSync('shellcheck', ['--format=gcc', scriptFile], { encoding: 'utf8' });
			const findings = `${result.stdout ?? ''}${result.error ? result.error.message : ''}`.trim()
				.split('\n').filter(Boolean)
				.map((l) => l.replace(/^[^:]+:(\d+):/, (_, line) => `line ${Number(line) - 1}:`));
			check(result.status === 0, `shellcheck: ${block.where}`, findings.join('\n          '));
		}
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

// ---------------------------------------------------------------------------

const builds = checkCompose();
for (const build of builds) {
	checkDockerfile(build);
}
for (const dockerfile of ['Dockerfile', 'demo/Dockerfile']) {
	check(builds.some((b) => path.normalize(b.dockerfile) === dockerfile), `${dockerfile} is built by ${COMPOSE_FILE}`);
}
const workflows = fs.existsSync(WORKFLOW_DIR)
	? fs.readdirSync(WORKFLOW_DIR).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.posix.join(WORKFLOW_DIR, f))
	: [];
check(workflows.length > 0, `${WORKFLOW_DIR} has a workflow`);
for (const workflow of workflows) {
	checkWorkflow(workflow);
}

console.log(`\nproject rules: ${passed} held, ${failed} broken`);
process.exit(Math.min(failed, 100));
