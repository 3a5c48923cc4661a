// The project's own rules for its deployment files, checked without a Docker
// engine. Run by .ci/check-deploy, which installs the one dependency (the npm
// package `yaml`) into CHECK_DEPLOY_TOOLS. Each rule prints one line; the exit
// status is the number of failed rules (capped), 0 when all hold.
//
// What it checks:
//   YAML        docker-compose.yml and every workflow parse, with no duplicate keys
//   compose     the three services, health checks, depends_on conditions, the
//               issuer/JWKS pair of the API, published ports, build contexts
//   Dockerfile  multi-stage, wrapper build with a dependency layer, layered jar
//               with the launcher, JRE 17 run stage, non-root USER, HEALTHCHECK,
//               exec-form ENTRYPOINT, and every COPY source present in the
//               build context and not excluded by .dockerignore
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
	section(`${COMPOSE_FILE}: the project's rules`);
	const compose = readYaml(COMPOSE_FILE);
	if (!compose) {
		return [];
	}
	const services = compose.services ?? {};
	check(!('version' in compose), 'Compose Specification: no obsolete top-level `version:`');
	for (const name of ['postgres', 'demo', 'api']) {
		check(name in services, `service \`${name}\` is defined`);
	}
	for (const [name, service] of Object.entries(services)) {
		const test = service.healthcheck?.test;
		check(Array.isArray(test) ? test.length > 1 && test[0] !== 'NONE' : Boolean(test), `service \`${name}\` has a health check`);
	}
	const { postgres, demo, api } = services;
	if (!api) {
		return [];
	}
	for (const dependency of ['postgres', 'demo']) {
		const condition = Array.isArray(api.depends_on) ? undefined : api.depends_on?.[dependency]?.condition;
		check(condition === 'service_healthy', `api waits for ${dependency} to be healthy (depends_on condition service_healthy)`,
			`found: ${JSON.stringify(api.depends_on?.[dependency] ?? api.depends_on)}`);
	}
	const env = environment(api);
	check(/(^|,)\s*postgres\s*(,|$)/.test(env.SPRING_PROFILES_ACTIVE ?? ''), 'api runs the `postgres` profile (SPRING_PROFILES_ACTIVE)');
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
	const apiCheck = [].concat(api.healthcheck?.test ?? []).join(' ');
	check(apiCheck.includes('/actuator/health/readiness'), 'api health check asks the readiness group');
	check(containerPorts(api).includes('8080'), 'api publishes port 8080');
	check(seconds(api.stop_grace_period) > 30, 'api stop_grace_period exceeds the 30 s graceful shutdown phase',
		`found: ${api.stop_grace_period ?? '(default 10s)'}`);

	const builds = [];
	for (const [name, service] of Object.entries(services)) {
		if (!service.build) {
			continue;
		}
		const context = typeof service.build === 'string' ? service.build : service.build.context ?? '.';
		const dockerfile = path.join(context, typeof service.build === 'object' && service.build.dockerfile || 'Dockerfile');
		const ok = check(fs.existsSync(dockerfile) && fs.statSync(context).isDirectory(),
			`service \`${name}\` builds ${dockerfile} in context ${context}`);
		if (ok) {
			builds.push({ service: name, context, dockerfile, ports: containerPorts(service) });
		}
	}
	return builds;
}

// ---------------------------------------------------------------------------
// .dockerignore, with the matching rules of Docker's patternmatcher: a pattern
// excludes a path when it matches the path or one of its parent directories;
// `**` spans directories, `*` and `?` do not; the last matching line wins and
// a leading `!` re-includes.
// ---------------------------------------------------------------------------

function dockerignore(context) {
	const file = path.join(context, '.dockerignore');
	if (!fs.existsSync(file)) {
		return () => false;
	}
	const rules = fs.readFileSync(file, 'utf8').split(/\r?\n/)
		.map((line) => line.trim())
		.filter((line) => line && !line.startsWith('#'))
		.map((line) => {
			const include = line.startsWith('!');
			const pattern = path.posix.normalize((include ? line.slice(1) : line).trim()).replace(/^\/+/, '').replace(/\/+$/, '');
			let source = '';
			for (let i = 0; i < pattern.length; i++) {
				const c = pattern[i];
				if (c === '*' && pattern[i + 1] === '*') {
					source += pattern[i + 2] === '/' ? '(?:.*/)?' : '.*';
					i += pattern[i + 2] === '/' ? 2 : 1;
				} else if (c === '*') {
					source += '[^/]*';
				} else if (c === '?') {
					source += '[^/]';
				} else {
					source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
				}
			}
			return { include, regex: new RegExp(`^${source}$`) };
		});
	return (relative) => {
		const clean = path.posix.normalize(relative).replace(/\/+$/, '');
		if (clean === '.') {
			return false;
		}
		const parts = clean.split('/');
		const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
		let excluded = false;
		for (const rule of rules) {
			if (candidates.some((candidate) => rule.regex.test(candidate))) {
				excluded = !rule.include;
			}
		}
		return excluded;
	};
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

function checkDockerfile({ service, context, dockerfile, ports }) {
	section(`${dockerfile} (image of \`${service}\`, context ${context})`);
	const all = instructions(dockerfile);
	const stages = [];
	for (const instruction of all) {
		if (instruction.keyword === 'FROM') {
			const [image, as, name] = instruction.args.replace(/--platform=\S+\s+/, '').split(/\s+/);
			stages.push({ image, name: /^as$/i.test(as ?? '') ? name : undefined, steps: [] });
		} else if (stages.length) {
			stages.at(-1).steps.push(instruction);
		}
	}
	if (!check(stages.length >= 2, 'multi-stage: a build stage and a run stage', `${stages.length} stage(s)`)) {
		return;
	}
	const build = stages[0];
	const run = stages.at(-1);
	const names = new Set(stages.map((s) => s.name).filter(Boolean));

	check(/17/.test(build.image) && /jdk|maven/.test(build.image), `build stage on a JDK 17 image (${build.image})`);
	const mavenRuns = build.steps.map((s, i) => ({ ...s, i })).filter((s) => s.keyword === 'RUN' && s.args.includes('./mvnw'));
	check(mavenRuns.length > 0, 'build stage builds with the Maven wrapper (./mvnw)');
	const copies = build.steps.map((s, i) => ({ ...s, i })).filter((s) => s.keyword === 'COPY');
	const sources = (c) => c.args.split(/\s+/).filter((w) => !w.startsWith('--')).slice(0, -1);
	const firstSourceCopy = copies.find((c) => sources(c).some((w) => /^(\.\/?|(.*\/)?src\/?)$/.test(w)))?.i ?? Infinity;
	const dependencyRun = mavenRuns.find((r) => r.i < firstSourceCopy);
	const wrapperFirst = ['mvnw', '.mvn', 'pom.xml'].every((f) => copies.some((c) => c.i < (dependencyRun?.i ?? -1) && c.args.includes(f)));
	check(Boolean(dependencyRun) && wrapperFirst,
		'dependency layer: mvnw, .mvn/ and the POM are copied and resolved before the sources');
	check(build.steps.some((s) => s.keyword === 'RUN' && /-Djarmode=tools/.test(s.args) && /\bextract\b/.test(s.args)
		&& /--layers/.test(s.args) && /--launcher/.test(s.args)), 'layered jar: jarmode=tools extract --layers --launcher');

	check(/17/.test(run.image) && /jre/.test(run.image), `run stage on a JRE 17 image (${run.image})`);
	const layerOrder = ['dependencies', 'spring-boot-loader', 'snapshot-dependencies', 'application'];
	const layerCopies = run.steps.filter((s) => s.keyword === 'COPY' && /--from=/.test(s.args))
		.map((s) => layerOrder.find((layer) => new RegExp(`/${layer}/?(\\s|$)`).test(s.args)))
		.filter(Boolean);
	check(JSON.stringify(layerCopies) === JSON.stringify(layerOrder), 'run stage copies the four layers, least changed first',
		`found: ${layerCopies.join(', ')}`);
	for (const step of all.filter((s) => s.keyword === 'COPY' && /--from=/.test(s.args))) {
		const from = /--from=(\S+)/.exec(step.args)[1];
		check(names.has(from), `COPY --from=${from} names a stage of this file`);
	}
	const users = run.steps.filter((s) => s.keyword === 'USER').map((s) => s.args.trim());
	const user = users.at(-1);
	check(Boolean(user) && !/^(root|0)(:|$)/.test(user), `runs as a non-root user (USER ${user ?? 'missing'})`);
	const healthcheck = run.steps.find((s) => s.keyword === 'HEALTHCHECK');
	check(Boolean(healthcheck) && !/^NONE\b/i.test(healthcheck.args), 'has a HEALTHCHECK');
	const entrypoint = run.steps.filter((s) => s.keyword === 'ENTRYPOINT').at(-1);
	let argv = null;
	try {
		argv = JSON.parse(entrypoint?.args ?? 'null');
	} catch {
		argv = null;
	}
	check(Array.isArray(argv) && argv[0] === 'java', 'ENTRYPOINT in exec form, java as PID 1 (gets SIGTERM for graceful shutdown)',
		`found: ${entrypoint?.args}`);
	check(Array.isArray(argv) && argv.includes('org.springframework.boot.loader.launch.JarLauncher'),
		'ENTRYPOINT starts the extracted launcher (JarLauncher)');
	const exposed = run.steps.filter((s) => s.keyword === 'EXPOSE').flatMap((s) => s.args.split(/\s+/)).map((p) => p.replace(/\/\w+$/, ''));
	for (const port of ports) {
		check(exposed.includes(port), `EXPOSEs ${port}, the port compose publishes`);
	}

	const ignored = dockerignore(context);
	for (const needed of ['mvnw', '.mvn', 'pom.xml', 'src', 'demo/pom.xml', 'demo/src']) {
		if (fs.existsSync(path.join(context, needed))) {
			check(!ignored(needed), `.dockerignore keeps ${needed} in the build context`);
		}
	}
	for (const step of all.filter((s) => (s.keyword === 'COPY' || s.keyword === 'ADD') && !/--from=/.test(s.args))) {
		const words = step.args.split(/\s+/).filter((w) => !w.startsWith('--'));
		for (const source of words.slice(0, -1)) {
			if (/[*?[]/.test(source)) {
				continue;
			}
			const present = fs.existsSync(path.join(context, source));
			const excluded = ignored(source);
			check(present && !excluded, `COPY source ${source} is in the build context`,
				present ? 'excluded by .dockerignore' : 'no such file');
		}
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
