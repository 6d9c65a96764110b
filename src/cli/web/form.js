// appeal serve: a page counter for the note and a signature pad. The form
// works without this script; with it, the signer sees before sending
// whether the letter still fits on one page, and may draw a signature.
'use strict';

(function () {
	const form = document.getElementById('letter');
	if (!form)
		return;

	// A stand's next visitor must not find the previous one's words, not
	// even through the back button.
	if (form.dataset.stand) {
		window.addEventListener('pageshow', function () { form.reset(); });
	}

	// ---------------------------------------------------------- the counter

	const note = form.elements.note;
	const status = document.getElementById('note-status');
	const count = document.getElementById('note-count');
	const pages = document.getElementById('note-pages');
	let timer = 0;
	let asked = 0;

	function showProblem(field, text) {
		for (const name of ['name', 'city', 'note']) {
			const p = document.getElementById(name + '-problem');
			p.textContent = name === field ? text : '';
			p.hidden = name !== field;
			form.elements[name].setAttribute('aria-invalid', name === field ? 'true' : 'false');
		}
	}

	function showPages(answer) {
		status.classList.remove('near', 'over');
		if (answer.error) {
			pages.textContent = '';
			showProblem(answer.field || 'note', answer.error);
			return;
		}
		showProblem('', '');
		let text = answer.room >= 2000 ? status.dataset.roomy : status.dataset.fits;
		if (answer.pages > 1) {
			text = status.dataset.over;
			status.classList.add('over');
		} else if (answer.near) {
			text = status.dataset.near;
			status.classList.add('near');
		}
		// About: a round number, since real words are not the filler's.
		text = text.replace('{n}', String(Math.max(0, Math.floor(answer.room / 10) * 10)));
		pages.textContent = ' · ' + text;
	}

	// The server lays the letter out with its real fonts: the answer is the
	// letter as it would print, not an estimate from a character count.
	function ask() {
		const body = new URLSearchParams();
		for (const name of ['name', 'city', 'lang', 'note', 'ui'])
			body.append(name, form.elements[name].value);
		const mine = ++asked;
		fetch('/pages', { method: 'POST', body: body })
			.then(function (r) { return r.ok ? r.json() : null; })
			.then(function (answer) {
				if (answer && mine === asked)
					showPages(answer);
			})
			.catch(function () { /* offline or stopped: the form still works */ });
	}

	function changed() {
		count.textContent = Array.from(note.value).length;
		clearTimeout(timer);
		timer = setTimeout(ask, 350);
	}

	for (const name of ['name', 'city', 'note'])
		form.elements[name].addEventListener('input', changed);
	form.elements.lang.addEventListener('change', changed);
	changed();

	// ---------------------------------------------------------- the signature

	const pad = document.getElementById('pad');
	const file = document.getElementById('signature');
	const clear = document.getElementById('clear');
	if (!pad || !file)
		return;
	try {
		new DataTransfer();
	} catch (e) {
		return; // no way to attach a drawing to the form: the file field stays
	}
	pad.hidden = false;
	clear.hidden = false;

	const ink = pad.getContext('2d');
	let drawing = false;
	let drawn = false;
	let last = null;

	// Sharp on high-density screens: the canvas has as many pixels as the
	// screen shows, capped so the PNG stays small.
	function fit() {
		const scale = Math.min(window.devicePixelRatio || 1, 2);
		const box = pad.getBoundingClientRect();
		if (box.width === 0 || drawn)
			return;
		pad.width = Math.round(box.width * scale);
		pad.height = Math.round(box.width / 3 * scale);
		ink.lineWidth = 2.2 * scale;
		ink.lineCap = 'round';
		ink.lineJoin = 'round';
		ink.strokeStyle = '#10205a';
	}
	fit();
	window.addEventListener('resize', fit);

	function point(event) {
		const box = pad.getBoundingClientRect();
		return {
			x: (event.clientX - box.left) * pad.width / box.width,
			y: (event.clientY - box.top) * pad.height / box.height,
		};
	}

	function attach() {
		pad.toBlob(function (blob) {
			if (!blob)
				return;
			const files = new DataTransfer();
			files.items.add(new File([blob], 'signature.png', { type: 'image/png' }));
			file.files = files.files;
		}, 'image/png');
	}

	pad.addEventListener('pointerdown', function (event) {
		drawing = true;
		last = point(event);
		pad.setPointerCapture(event.pointerId);
		ink.beginPath();
		ink.arc(last.x, last.y, ink.lineWidth / 2, 0, 2 * Math.PI);
		ink.fillStyle = ink.strokeStyle;
		ink.fill();
		event.preventDefault();
	});
	pad.addEventListener('pointermove', function (event) {
		if (!drawing)
			return;
		const p = point(event);
		ink.beginPath();
		ink.moveTo(last.x, last.y);
		ink.lineTo(p.x, p.y);
		ink.stroke();
		last = p;
		drawn = true;
		event.preventDefault();
	});
	function end() {
		if (!drawing)
			return;
		drawing = false;
		drawn = true;
		attach();
	}
	pad.addEventListener('pointerup', end);
	pad.addEventListener('pointercancel', end);

	clear.addEventListener('click', function () {
		ink.clearRect(0, 0, pad.width, pad.height);
		drawn = false;
		file.value = '';
		fit();
	});
	// A chosen image replaces the drawing.
	file.addEventListener('change', function () {
		if (file.files.length && !drawing) {
			ink.clearRect(0, 0, pad.width, pad.height);
			drawn = false;
		}
	});
})();
