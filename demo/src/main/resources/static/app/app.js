// The Step-up Bank page: a public OAuth client (authorization code + PKCE, state, nonce)
// that reads balances with a password-level token and steps up for each transfer.
(() => {
	'use strict';

	const config = document.body.dataset;
	const BALANCE_SCOPE = 'openid view:balance';
	const TRANSFER_SCOPE = 'openid transfer:funds';
	// sessionStorage survives the redirects through the authorization server and dies with the tab.
	const stored = {
		get: (key) => JSON.parse(sessionStorage.getItem('bank.' + key) || 'null'),
		set: (key, value) => sessionStorage.setItem('bank.' + key, JSON.stringify(value)),
		take: (key) => {
			const value = stored.get(key);
			sessionStorage.removeItem('bank.' + key);
			return value;
		},
		clear: () => sessionStorage.clear(),
	};
	const $ = (id) => document.getElementById(id);

	// Transfer tokens are single-use and short-lived: kept in memory only, for the replay button.
	let lastTransfer = null;
	let pendingStepUp = null;
	let metadata = null;

	class Problem extends Error {
		constructor(title, detail) {
			super(title);
			this.title = title;
			this.detail = detail;
		}
	}

	function base64url(bytes) {
		return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
	}

	function randomToken() {
		return base64url(crypto.getRandomValues(new Uint8Array(32)));
	}

	async function sha256(text) {
		return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
	}

	function claimsOf(jwt) {
		const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
		const padded = part + '='.repeat((4 - (part.length % 4)) % 4);
		return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(padded), (c) => c.charCodeAt(0))));
	}

	async function discover() {
		const response = await fetch(config.issuer + '/.well-known/openid-configuration');
		if (!response.ok) {
			throw new Problem('Sign-in is unavailable', 'The bank\'s sign-in service did not describe itself.');
		}
		return response.json();
	}

	async function authorize(scope, extraParameters, pending) {
		const verifier = randomToken();
		const request = { state: randomToken(), nonce: randomToken(), verifier, ...pending };
		stored.set('authorization', request);
		const url = new URL(metadata.authorization_endpoint);
		url.search = new URLSearchParams({
			response_type: 'code',
			client_id: config.clientId,
			redirect_uri: config.redirectUri,
			scope,
			state: request.state,
			nonce: request.nonce,
			code_challenge: base64url(await sha256(verifier)),
			code_challenge_method: 'S256',
			...extraParameters,
		});
		location.assign(url);
	}

	async function completeAuthorization(parameters) {
		const request = stored.take('authorization');
		history.replaceState(null, '', config.redirectUri);
		if (!request || parameters.get('state') !== request.state) {
			throw new Problem('Sign-in failed', 'The answer did not belong to a sign-in this page started (state). Please try again.');
		}
		if (parameters.has('error')) {
			throw new Problem('Sign-in failed', parameters.get('error_description') || parameters.get('error'));
		}
		const response = await fetch(metadata.token_endpoint, {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({
				grant_type: 'authorization_code',
				code: parameters.get('code'),
				redirect_uri: config.redirectUri,
				client_id: config.clientId,
				code_verifier: request.verifier,
			}),
		});
		const tokens = await response.json();
		if (!response.ok) {
			throw new Problem('Sign-in failed', tokens.error_description || tokens.error);
		}
		// The ID token came straight from the token endpoint; its nonce ties it to this very request.
		const identity = claimsOf(tokens.id_token);
		if (identity.nonce !== request.nonce || identity.iss !== config.issuer
				|| ![].concat(identity.aud).includes(config.clientId)) {
			throw new Problem('Sign-in failed', 'The identity token was not issued for this sign-in (nonce).');
		}
		return { request, tokens, identity };
	}

	async function callApi(method, path, token, body, idempotencyKey) {
		const headers = { Authorization: 'Bearer ' + token, Accept: 'application/json' };
		if (body) {
			headers['Content-Type'] = 'application/json';
		}
		if (idempotencyKey) {
			headers['Idempotency-Key'] = idempotencyKey;
		}
		try {
			return await fetch(config.apiUrl + path, { method, headers, body: body && JSON.stringify(body) });
		}
		catch (error) {
			throw new Problem('The bank is not reachable', 'No answer from ' + config.apiUrl + '. Is the API running?');
		}
	}

	async function problemOf(response) {
		const type = response.headers.get('Content-Type') || '';
		if (type.includes('json')) {
			const problem = await response.json();
			return new Problem(problem.title || 'Request refused', problem.detail || '');
		}
		return new Problem('Request refused', 'The bank answered ' + response.status + '.');
	}

	// RFC 6750 / RFC 9470 challenge parameters, e.g. error="insufficient_scope", scope="transfer:funds".
	function challengeOf(response) {
		const header = response.headers.get('WWW-Authenticate') || '';
		const challenge = {};
		for (const match of header.matchAll(/([a-z_]+)=(?:"([^"]*)"|([^\s,]+))/g)) {
			challenge[match[1]] = match[2] !== undefined ? match[2] : match[3];
		}
		return challenge;
	}

	function needsStepUp(response, challenge) {
		return (response.status === 403 && challenge.error === 'insufficient_scope')
			|| (response.status === 401 && challenge.error === 'insufficient_user_authentication');
	}

	function show(id, visible) {
		$(id).hidden = !visible;
	}

	function showProblem(error) {
		const problem = error instanceof Problem ? error : new Problem('Something went wrong', String(error.message || error));
		$('problem-title').textContent = problem.title;
		$('problem-detail').textContent = problem.detail;
		show('problem', true);
		$('problem').scrollIntoView({ block: 'nearest' });
	}

	function hideMessages() {
		['problem', 'step-up', 'result'].forEach((id) => show(id, false));
	}

	function showSignedOut() {
		['who', 'accounts-card', 'transfer-card'].forEach((id) => show(id, false));
		show('signed-out', true);
	}

	async function showSignedIn() {
		$('username').textContent = stored.get('user');
		show('signed-out', false);
		show('who', true);
		// The cards appear with their data, so the form never offers an empty account list.
		await loadBalances();
		['accounts-card', 'transfer-card'].forEach((id) => show(id, true));
	}

	async function loadBalances() {
		const response = await callApi('GET', '/balance', stored.get('balanceToken'));
		if (response.status === 401) {
			stored.clear();
			showSignedOut();
			throw new Problem('Please sign in again', 'Your session with the bank has ended.');
		}
		if (!response.ok) {
			throw await problemOf(response);
		}
		const { accounts } = await response.json();
		const rows = accounts.map((account) => {
			const row = document.createElement('tr');
			row.dataset.account = account.id;
			for (const [text, className] of [[account.id, ''], [account.currency, ''], [account.balance, 'amount balance']]) {
				const cell = document.createElement('td');
				cell.textContent = text;
				cell.className = className;
				row.append(cell);
			}
			return row;
		});
		$('accounts').replaceChildren(...rows);
		const selected = $('from').value;
		$('from').replaceChildren(...accounts.map((account) => {
			const option = new Option(account.id + ' (' + account.currency + ')', account.id);
			option.dataset.currency = account.currency;
			return option;
		}));
		if (accounts.some((account) => account.id === selected)) {
			$('from').value = selected;
		}
	}

	async function sendTransfer(transfer, idempotencyKey, token) {
		const response = await callApi('POST', '/transfer', token, transfer, idempotencyKey);
		if (response.status === 201) {
			lastTransfer = { transfer, token };
			showResult(await response.json());
			await loadBalances();
			return;
		}
		const challenge = challengeOf(response);
		if (needsStepUp(response, challenge)) {
			askForStepUp(transfer, idempotencyKey, challenge);
			return;
		}
		throw await problemOf(response);
	}

	function askForStepUp(transfer, idempotencyKey, challenge) {
		pendingStepUp = { transfer, idempotencyKey, challenge };
		$('step-up-reason').textContent = '“' + (challenge.error_description || challenge.error) + '”';
		$('step-up-summary').textContent = transfer.amount + ' ' + transfer.currency + ' to ' + transfer.to;
		show('step-up', true);
		$('step-up-continue').focus();
	}

	async function stepUp() {
		const { transfer, idempotencyKey, challenge } = pendingStepUp;
		const extra = {};
		if (challenge.acr_values) {
			extra.acr_values = challenge.acr_values;
		}
		if (challenge.max_age) {
			extra.max_age = challenge.max_age;
		}
		const scope = challenge.scope ? 'openid ' + challenge.scope : TRANSFER_SCOPE;
		await authorize(scope, extra, { purpose: 'transfer', transfer, idempotencyKey });
	}

	function showResult(result) {
		$('result-amount').textContent = result.amount + ' ' + result.currency;
		$('result-from').textContent = result.from;
		$('result-to').textContent = result.to;
		$('result-status').textContent = result.status;
		$('result-id').textContent = result.id;
		show('replay-outcome', false);
		show('result', true);
	}

	async function replay() {
		show('problem', false);
		// A new Idempotency-Key: this is a second transfer attempt, not a retry of the first one.
		const response = await callApi('POST', '/transfer', lastTransfer.token, lastTransfer.transfer, crypto.randomUUID());
		if (response.status === 201) {
			throw new Problem('The bank accepted the same token twice', 'This should never happen.');
		}
		const refusal = await problemOf(response);
		$('replay-title').textContent = 'Refused: ' + refusal.title + '.';
		$('replay-detail').textContent = refusal.detail;
		show('replay-outcome', true);
		$('replay-outcome').scrollIntoView({ block: 'nearest' });
	}

	function signOut() {
		const idToken = stored.get('idToken');
		stored.clear();
		if (!idToken || !metadata.end_session_endpoint) {
			location.assign(config.redirectUri);
			return;
		}
		const url = new URL(metadata.end_session_endpoint);
		url.search = new URLSearchParams({ id_token_hint: idToken, post_logout_redirect_uri: config.redirectUri });
		location.assign(url);
	}

	async function onAuthorizationResponse(parameters) {
		const { request, tokens, identity } = await completeAuthorization(parameters);
		if (request.purpose !== 'transfer') {
			stored.set('balanceToken', tokens.access_token);
			stored.set('idToken', tokens.id_token);
			stored.set('user', identity.sub);
			await showSignedIn();
			return;
		}
		await showSignedIn();
		if (identity.sub !== stored.get('user')) {
			throw new Problem('Transfer not sent', 'You confirmed as ' + identity.sub + ', but ' + stored.get('user') + ' is signed in.');
		}
		await sendTransfer(request.transfer, request.idempotencyKey, tokens.access_token);
	}

	function guarded(action) {
		return async (event) => {
			if (event) {
				event.preventDefault();
			}
			try {
				await action();
			}
			catch (error) {
				showProblem(error);
			}
		};
	}

	$('sign-in').addEventListener('click', guarded(() => authorize(BALANCE_SCOPE, {}, { purpose: 'sign-in' })));
	$('sign-out').addEventListener('click', guarded(signOut));
	$('step-up-continue').addEventListener('click', guarded(stepUp));
	$('step-up-cancel').addEventListener('click', guarded(async () => {
		pendingStepUp = null;
		show('step-up', false);
	}));
	$('replay').addEventListener('click', guarded(replay));
	$('transfer-form').addEventListener('submit', guarded(async () => {
		hideMessages();
		const from = $('from').selectedOptions[0];
		const transfer = { from: from.value, to: $('to').value.trim(), amount: $('amount').value.trim(), currency: from.dataset.currency };
		// One key for this transfer, kept through the step-up, so a retry can never pay twice.
		await sendTransfer(transfer, crypto.randomUUID(), stored.get('balanceToken'));
	}));

	(async () => {
		try {
			metadata = await discover();
			const parameters = new URLSearchParams(location.search);
			if (parameters.has('state')) {
				await onAuthorizationResponse(parameters);
			}
			else if (stored.get('balanceToken')) {
				await showSignedIn();
			}
		}
		catch (error) {
			showProblem(error);
		}
		if (!stored.get('balanceToken')) {
			showSignedOut();
		}
	})();
})();
