// The Step-up Bank page: a public OAuth client (authorization code + PKCE, state, nonce)
// that reads balances with a password-level token and steps up for each transfer, with a token
// bound to that very transfer (RFC 9396 authorization_details, pushed to the server, RFC 9126).
(() => {
	'use strict';

	const config = document.body.dataset;
	const BALANCE_SCOPE = 'openid view:balance';
	const TRANSFER_SCOPE = 'openid transfer:funds';
	// The API's rule for account ids (README, "Transfer rules"): checked here so a typo never costs a code.
	const ACCOUNT_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;
	const DECIMAL = /^(\d+)(?:\.(\d+))?$/;
	const SIGNED_OUT = 'signed-out';
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

	// Transfer tokens are single-use and short-lived: kept in memory only.
	let lastTransfer = null; // spent: kept to show that a replay is refused
	let pendingStepUp = null;
	let metadata = null;
	let accounts = [];

	/** What went wrong, in the customer's words; {@code developerDetails} is the protocol view. */
	class Problem extends Error {
		constructor(title, detail, developerDetails) {
			super(title);
			this.title = title;
			this.detail = detail;
			this.developerDetails = developerDetails || '';
		}
	}

	function money(amount, currency) {
		// A decimal string keeps every digit (Intl.NumberFormat reads strings exactly).
		return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount);
	}

	function fractionDigits(currency) {
		return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
	}

	// Amounts compared as whole minor units (cents), never as binary floats; null when not a plain decimal.
	function minorUnits(text, digits) {
		const match = DECIMAL.exec(text);
		if (!match || (match[2] || '').length > digits) {
			return null;
		}
		return BigInt(match[1] + (match[2] || '').padEnd(digits, '0'));
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
			throw new Problem('Sign-in is unavailable', 'Please try again in a minute.',
				'GET /.well-known/openid-configuration answered HTTP ' + response.status);
		}
		return response.json();
	}

	// A request that carries a payment is pushed (RFC 9126): it stays off the address bar and out of logs,
	// the server checks it before the customer sees it, and the browser goes there with its request_uri only.
	async function authorize(scope, extraParameters, pending) {
		const verifier = randomToken();
		const request = { state: randomToken(), nonce: randomToken(), verifier, ...pending };
		const parameters = new URLSearchParams({
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
		const url = new URL(metadata.authorization_endpoint);
		if (parameters.has('authorization_details')) {
			url.search = new URLSearchParams({ client_id: config.clientId, request_uri: await pushed(parameters) });
		}
		else {
			url.search = parameters;
		}
		stored.set('authorization', request);
		location.assign(url);
	}

	async function pushed(parameters) {
		const response = await fetch(metadata.pushed_authorization_request_endpoint, {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: parameters,
		});
		const answer = await response.json().catch(() => ({}));
		if (response.status !== 201 || !answer.request_uri) {
			throw new Problem('Transfer not sent', 'The bank could not prepare this confirmation. Nothing was sent.',
				'Pushed authorization request: HTTP ' + response.status + ' ' + (answer.error || '') + ' '
				+ (answer.error_description || ''));
		}
		return answer.request_uri;
	}

	// RFC 9396: the one payment the customer approves with the code, as the API will compare it with the body.
	function paymentDetails(transfer) {
		return JSON.stringify([{
			type: 'payment_initiation',
			// a detail's amount is read strictly (no leading zeros) and compared with the body as a number: 025.00 is 25.00
			instructedAmount: { currency: transfer.currency, amount: transfer.amount.replace(/^0+(?=\d)/, '') },
			debtorAccount: { id: transfer.from },
			creditorAccount: { id: transfer.to },
		}]);
	}

	async function completeAuthorization(parameters) {
		const request = stored.take('authorization');
		history.replaceState(null, '', config.redirectUri);
		if (!request || parameters.get('state') !== request.state) {
			throw new Problem('Sign-in did not finish', 'Please sign in again.',
				'The authorization response did not belong to a request this page started (state).');
		}
		if (parameters.has('error')) {
			throw new Problem('Sign-in did not finish', 'Please try again.',
				'Authorization error: ' + parameters.get('error') + ' ' + (parameters.get('error_description') || ''));
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
			throw new Problem('Sign-in did not finish', 'Please try again.',
				'Token endpoint: HTTP ' + response.status + ' ' + tokens.error + ' ' + (tokens.error_description || ''));
		}
		// The ID token came straight from the token endpoint; its nonce ties it to this very request.
		const identity = claimsOf(tokens.id_token);
		if (identity.nonce !== request.nonce || identity.iss !== config.issuer
				|| ![].concat(identity.aud).includes(config.clientId)) {
			throw new Problem('Sign-in did not finish', 'Please sign in again.',
				'The ID token was not issued for this request (nonce, iss or aud).');
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
			throw new Problem('The bank is not reachable', 'Nothing was sent. Please try again in a minute.',
				method + ' ' + config.apiUrl + path + ': no answer (' + error.message + '). Is the API running?');
		}
	}

	// The protocol view of an answer, for the developer details.
	async function exchangeOf(response) {
		const lines = ['HTTP ' + response.status];
		const challenge = response.headers.get('WWW-Authenticate');
		if (challenge) {
			lines.push('WWW-Authenticate: ' + challenge);
		}
		if ((response.headers.get('Content-Type') || '').includes('json')) {
			const problem = await response.json().catch(() => ({}));
			for (const field of ['type', 'title', 'detail', 'transferId']) {
				if (problem[field]) {
					lines.push(field + ': ' + problem[field]);
				}
			}
		}
		return lines.join('\n');
	}

	// What a refusal means for the customer. The API's own words stay in the developer details.
	async function problemOf(response, transfer) {
		const details = await exchangeOf(response);
		const from = transfer && accounts.find((account) => account.id === transfer.from);
		switch (response.status) {
			case 400:
				return new Problem('The bank did not accept this transfer',
					'Nothing was sent. Check the details; the receiving account may hold another currency.', details);
			case 404:
				return new Problem('No account to send to', transfer
					? 'There is no account “' + transfer.to + '” that can receive this transfer. Check the account and try again. Nothing was sent.'
					: 'The bank did not find what was asked for.', details);
			case 409:
				return new Problem('This transfer is still being processed',
					'Wait a moment and look at your balance before you try again.', details);
			case 422:
				return new Problem('Not enough money', 'There was not enough money in '
					+ (from ? from.id : 'your account') + ' for this transfer, so the bank declined it. Nothing moved.', details);
			default:
				return response.status >= 500
					? new Problem('The bank is not available right now', 'Nothing was sent. Please try again in a minute.', details)
					: new Problem('The bank refused this request', 'Nothing was sent. Please sign in again and retry.', details);
		}
	}

	// RFC 6750 / RFC 9470 challenge parameters, e.g. error="insufficient_scope", scope="transfer:funds".
	function challengeOf(response) {
		const header = response.headers.get('WWW-Authenticate') || '';
		const challenge = { header, status: response.status };
		for (const match of header.matchAll(/([a-z_]+)=(?:"([^"]*)"|([^\s,]+))/g)) {
			challenge[match[1]] = match[2] !== undefined ? match[2] : match[3];
		}
		return challenge;
	}

	// insufficient_authorization_details: the token is not bound to this transfer; a new approval names it.
	function needsStepUp(response, challenge) {
		return (response.status === 403
				&& (challenge.error === 'insufficient_scope' || challenge.error === 'insufficient_authorization_details'))
			|| (response.status === 401 && challenge.error === 'insufficient_user_authentication');
	}

	function show(id, visible) {
		$(id).hidden = !visible;
	}

	function showProblem(error) {
		const problem = error instanceof Problem
			? error
			: new Problem('Something went wrong', 'Please reload the page and try again.', String(error.stack || error.message || error));
		$('problem-title').textContent = problem.title;
		$('problem-detail').textContent = problem.detail;
		$('problem-dev-text').textContent = problem.developerDetails;
		show('problem-dev', Boolean(problem.developerDetails));
		show('problem', true);
		$('problem').scrollIntoView({ block: 'nearest' });
	}

	function hideMessages() {
		['problem', 'step-up', 'result', 'signed-out-notice'].forEach((id) => show(id, false));
		showFieldErrors([]);
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
		fillForm(stored.get('form'));
		['accounts-card', 'transfer-card'].forEach((id) => show(id, true));
	}

	async function loadBalances() {
		const response = await callApi('GET', '/balance', stored.get('balanceToken'));
		if (response.status === 401) {
			const details = await exchangeOf(response);
			stored.clear();
			showSignedOut();
			throw new Problem('Please sign in again', 'Your session with the bank has ended.', details);
		}
		if (!response.ok) {
			throw await problemOf(response);
		}
		({ accounts } = await response.json());
		const rows = accounts.map((account) => {
			const row = document.createElement('tr');
			row.dataset.account = account.id;
			const name = document.createElement('td');
			name.textContent = account.id;
			const balance = document.createElement('td');
			balance.className = 'amount balance';
			balance.dataset.amount = account.balance;
			balance.textContent = money(account.balance, account.currency);
			row.append(name, balance);
			return row;
		});
		$('accounts').replaceChildren(...rows);
		const selected = $('from').value;
		$('from').replaceChildren(...accounts.map((account) => {
			const option = new Option(account.id + ' · ' + money(account.balance, account.currency), account.id);
			option.dataset.currency = account.currency;
			return option;
		}));
		if (accounts.some((account) => account.id === selected)) {
			$('from').value = selected;
		}
		showCurrency();
	}

	function showCurrency() {
		const option = $('from').selectedOptions[0];
		$('amount-currency').textContent = option ? option.dataset.currency : '';
	}

	function readForm() {
		const from = $('from').selectedOptions[0];
		return { from: from ? from.value : '', to: $('to').value.trim(), amount: $('amount').value.trim(), currency: from ? from.dataset.currency : '' };
	}

	function fillForm(form) {
		if (!form) {
			return;
		}
		if (accounts.some((account) => account.id === form.from)) {
			$('from').value = form.from;
			showCurrency();
		}
		$('to').value = form.to;
		$('amount').value = form.amount;
	}

	// Everything the page can know without asking anyone: no code is asked for a transfer that cannot succeed.
	// Whether the receiving account exists only the API can say, and only to a confirmed transfer.
	function mistakesIn(transfer) {
		const mistakes = [];
		const from = accounts.find((account) => account.id === transfer.from);
		if (!transfer.to) {
			mistakes.push({ field: 'to', message: 'Type the account you want to send to.' });
		}
		else if (!ACCOUNT_ID.test(transfer.to)) {
			mistakes.push({ field: 'to', message: 'An account has only letters, digits and dashes, with no spaces. Check what you typed.' });
		}
		else if (transfer.to === transfer.from) {
			mistakes.push({ field: 'to', message: 'That is the account you are sending from. Choose another one.' });
		}
		if (!from) {
			return mistakes;
		}
		const digits = fractionDigits(from.currency);
		const amount = minorUnits(transfer.amount, digits);
		if (!transfer.amount) {
			mistakes.push({ field: 'amount', message: 'Type the amount to send.' });
		}
		else if (!DECIMAL.test(transfer.amount)) {
			mistakes.push({ field: 'amount', message: 'Write the amount in digits, with a dot before the cents, for example 25.50.' });
		}
		else if (amount === null) {
			mistakes.push({ field: 'amount', message: from.currency + ' amounts have at most ' + digits + ' decimals.' });
		}
		else if (amount === 0n) {
			mistakes.push({ field: 'amount', message: 'The amount must be more than zero.' });
		}
		else if (amount > minorUnits(config.transferLimit, digits)) {
			mistakes.push({ field: 'amount', message: 'One transfer can move at most ' + money(config.transferLimit, from.currency) + '.' });
		}
		else if (amount > minorUnits(from.balance, digits)) {
			mistakes.push({ field: 'amount', message: 'That is more than the ' + money(from.balance, from.currency) + ' in ' + from.id + '.' });
		}
		return mistakes;
	}

	function showFieldErrors(mistakes) {
		for (const field of ['to', 'amount']) {
			const mistake = mistakes.find((candidate) => candidate.field === field);
			$(field + '-error').textContent = mistake ? mistake.message : '';
			show(field + '-error', Boolean(mistake));
			$(field).setAttribute('aria-invalid', String(Boolean(mistake)));
		}
		if (mistakes.length) {
			$(mistakes[0].field).focus();
		}
	}

	async function submitTransfer() {
		hideMessages();
		const transfer = readForm();
		const mistakes = mistakesIn(transfer);
		if (mistakes.length) {
			showFieldErrors(mistakes);
			return;
		}
		stored.set('form', transfer);
		// One key for this transfer, kept through the step-up, so a retry can never pay twice.
		const idempotencyKey = crypto.randomUUID();
		await sendTransfer(transfer, idempotencyKey, stored.get('balanceToken'), false);
	}

	async function sendTransfer(transfer, idempotencyKey, token, steppedUp) {
		const response = await callApi('POST', '/transfer', token, transfer, idempotencyKey);
		if (response.status === 201) {
			lastTransfer = { transfer, token, idempotencyKey };
			stored.take('form');
			$('to').value = '';
			$('amount').value = '';
			showResult(await response.json());
			await loadBalances();
			return;
		}
		const challenge = challengeOf(response);
		if (needsStepUp(response, challenge)) {
			askForStepUp(transfer, idempotencyKey, challenge);
			return;
		}
		if (steppedUp && response.status === 401) {
			// The confirmation expired on the way: ask for a new one, with a new key as nothing was decided.
			await sendTransfer(transfer, crypto.randomUUID(), stored.get('balanceToken'), false);
			return;
		}
		const problem = await problemOf(response, transfer);
		if (response.status === 404) {
			showFieldErrors([{ field: 'to', message: 'Check this account.' }]);
		}
		throw problem;
	}

	function askForStepUp(transfer, idempotencyKey, challenge) {
		pendingStepUp = { transfer, idempotencyKey, challenge };
		$('step-up-summary').textContent = money(transfer.amount, transfer.currency) + ' to ' + transfer.to;
		$('step-up-dev').textContent = 'POST /transfer with the sign-in token\nHTTP ' + challenge.status
			+ '\nWWW-Authenticate: ' + challenge.header
			+ '\nNext: a pushed authorization request for "' + stepUpScope(challenge) + '"'
			+ ' with authorization_details ' + paymentDetails(transfer)
			+ (challenge.acr_values ? ', acr_values=' + challenge.acr_values : '')
			+ (challenge.max_age ? ', max_age=' + challenge.max_age : '');
		show('step-up', true);
		$('step-up-continue').focus();
	}

	function stepUpScope(challenge) {
		return challenge.scope ? 'openid ' + challenge.scope : TRANSFER_SCOPE;
	}

	async function stepUp() {
		const { transfer, idempotencyKey, challenge } = pendingStepUp;
		const extra = { authorization_details: paymentDetails(transfer) };
		if (challenge.acr_values) {
			extra.acr_values = challenge.acr_values;
		}
		if (challenge.max_age) {
			extra.max_age = challenge.max_age;
		}
		await authorize(stepUpScope(challenge), extra, { purpose: 'transfer', transfer, idempotencyKey });
	}

	const STATUS_WORDS = { completed: 'Done: the money has left your account', declined: 'Declined: nothing moved' };

	function showResult(result) {
		$('result-amount').textContent = money(result.amount, result.currency);
		$('result-from').textContent = result.from;
		$('result-to').textContent = result.to;
		$('result-status').textContent = STATUS_WORDS[result.status] || result.status;
		$('result-status').dataset.status = result.status;
		$('result-id').textContent = result.id;
		show('replay-outcome', false);
		show('result', true);
	}

	async function replay() {
		show('problem', false);
		// A new Idempotency-Key: this is a second transfer attempt, not a retry of the first one.
		const response = await callApi('POST', '/transfer', lastTransfer.token, lastTransfer.transfer, crypto.randomUUID());
		if (response.status === 201) {
			throw new Problem('The bank accepted the same confirmation twice', 'This should never happen.');
		}
		const details = 'POST /transfer again with the same token and a new Idempotency-Key\n' + await exchangeOf(response);
		const spent = response.status === 401 && challengeOf(response).error === 'invalid_token';
		$('replay-title').textContent = spent ? 'Refused, as it should be.' : 'Refused.';
		$('replay-detail').textContent = spent
			? 'A confirmation with your authenticator pays for one transfer only, so nothing was sent. To send money again, confirm again.'
			: 'Nothing was sent.';
		$('replay-dev').textContent = details;
		show('replay-outcome', true);
		$('replay-outcome').scrollIntoView({ block: 'nearest' });
	}

	// Ends the session at the authorization server too, in every state: with the latest ID token the
	// server signs out at once; without one it asks the person to confirm, so the session never survives.
	function signOut() {
		const idToken = stored.get('idToken');
		stored.clear();
		lastTransfer = null;
		const signedOut = config.redirectUri + '?' + SIGNED_OUT;
		if (!metadata || !metadata.end_session_endpoint) {
			location.assign(config.issuer + '/signout');
			return;
		}
		const url = new URL(metadata.end_session_endpoint);
		const parameters = { client_id: config.clientId, post_logout_redirect_uri: signedOut };
		if (idToken) {
			parameters.id_token_hint = idToken;
		}
		url.search = new URLSearchParams(parameters);
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
			throw new Problem('Transfer not sent', 'You confirmed as ' + identity.sub + ', but ' + stored.get('user')
				+ ' is signed in here. Sign out, then sign in as the person who sends the money.');
		}
		// The newest ID token names the session as it is now (the second factor gave it a new id):
		// it is the one sign-out must present.
		stored.set('idToken', tokens.id_token);
		fillForm(request.transfer);
		await sendTransfer(request.transfer, request.idempotencyKey, tokens.access_token, true);
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
	$('from').addEventListener('change', showCurrency);
	$('transfer-form').addEventListener('submit', guarded(submitTransfer));

	(async () => {
		try {
			const parameters = new URLSearchParams(location.search);
			if (parameters.has(SIGNED_OUT)) {
				stored.clear();
				history.replaceState(null, '', config.redirectUri);
				show('signed-out-notice', true);
			}
			metadata = await discover();
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
