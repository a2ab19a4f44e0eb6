/*
 * The Backups page of the Web Console. Reads overview.json once and after every change, polls progress.json once a
 * second, and posts the page's token with every change it asks for. Every value from the server is set as text
 * (textContent), never as markup. Passwords are read from their fields only to be sent, then the fields are emptied.
 */
(function () {
    'use strict';

    var page = document.getElementById('backups');
    if (!page) {
        return;
    }
    // Absolute, from the origin: a page opened with user:password@ in its address has a base URL with credentials,
    // from which the browser refuses to build requests; the origin never holds them.
    var base = window.location.origin + page.getAttribute('data-root');
    var token = page.getAttribute('data-token');
    var POLL_MILLIS = 1000;

    var overview = null;
    var shownOperation = null;
    var choicesKey = null;
    var pendingDownload = false;
    var startedRestore = null;

    // ---------- small helpers

    function $(id) {
        return document.getElementById(id);
    }

    function el(tag, className, text) {
        var e = document.createElement(tag);
        if (className) {
            e.className = className;
        }
        if (text !== undefined && text !== null) {
            e.textContent = text;
        }
        return e;
    }

    function clear(node) {
        while (node.firstChild) {
            node.removeChild(node.firstChild);
        }
    }

    var UNITS = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

    function size(bytes) {
        if (bytes === null || bytes === undefined || bytes < 0) {
            return '-';
        }
        if (bytes < 1024) {
            return bytes + ' B';
        }
        var value = bytes / 1024;
        var unit = 0;
        while (Math.round(value * 10) >= 10240 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return value.toFixed(1) + ' ' + UNITS[unit];
    }

    function time(iso) {
        if (!iso) {
            return null;
        }
        var d = new Date(iso);
        return isNaN(d.getTime()) ? iso : d.toLocaleString();
    }

    function lower(name) {
        return name ? name.toLowerCase().replace(/_/g, ' ') : '';
    }

    function agentName(id) {
        if (overview) {
            for (var i = 0; i < overview.agents.length; i++) {
                if (overview.agents[i].id === id) {
                    return overview.agents[i].name;
                }
            }
        }
        return id;
    }

    /** Shows a line above the page: kind 'error' stays until closed, 'info' goes after a while. */
    function message(kind, text) {
        var line = el('p', 'bk-message ui-corner-all ' + (kind === 'error' ? 'ui-state-error bk-error' : 'ui-state-highlight bk-info'));
        line.appendChild(el('span', 'bk-message-text', text));
        var close = el('button', 'bk-message-close', '\u00d7');
        close.type = 'button';
        close.title = 'Close';
        close.addEventListener('click', function () {
            line.remove();
        });
        line.appendChild(close);
        $('bk-messages').appendChild(line);
        if (kind !== 'error') {
            setTimeout(function () {
                line.remove();
            }, 8000);
        }
        return line;
    }

    function clearErrors() {
        var lines = $('bk-messages').querySelectorAll('.bk-error');
        for (var i = 0; i < lines.length; i++) {
            lines[i].remove();
        }
    }

    function readAnswer(response) {
        return response.text().then(function (body) {
            var json = null;
            try {
                json = body ? JSON.parse(body) : null;
            } catch (e) {
                json = null;
            }
            if (!response.ok) {
                var why = json && json.error ? json.error
                    : 'The console answered ' + response.status + ' ' + response.statusText + '.';
                throw new Error(why);
            }
            return json;
        });
    }

    function getJson(path) {
        return fetch(base + path, { credentials: 'same-origin', cache: 'no-store' }).then(readAnswer);
    }

    function post(path, fields) {
        var body = new URLSearchParams();
        fields.forEach(function (pair) {
            body.append(pair[0], pair[1]);
        });
        var headers = { 'X-Backup-Token': token };
        return fetch(base + path, {
            method: 'POST', credentials: 'same-origin', cache: 'no-store', headers: headers, body: body
        }).then(readAnswer);
    }

    // ---------- overview

    function loadOverview() {
        return getJson('/overview.json').then(function (data) {
            overview = data;
            renderStatus();
            renderAgents();
            renderParticipants();
            renderChoices();
            renderBackups();
            if (data.operation) {
                renderOperation(data.operation);
            }
        }).catch(function (e) {
            $('bk-statline').textContent = 'The backups could not be loaded.';
            message('error', e.message);
        });
    }

    function renderStatus() {
        var a = overview.automatic;
        var unavailable = overview.agents.filter(function (x) {
            return !x.available;
        }).length;
        var line = 'Manager ' + lower(overview.state) + ' \u00b7 ' + overview.agents.length + ' agent'
            + (overview.agents.length === 1 ? '' : 's') + (unavailable ? ' (' + unavailable + ' unavailable)' : '')
            + ' \u00b7 ' + overview.backups.length + ' backup' + (overview.backups.length === 1 ? '' : 's');
        var ignored = overview.participants.filter(function (p) {
            return !p.active;
        }).length;
        var statline = $('bk-statline');
        statline.textContent = line + (ignored ? ' \u00b7 ' + ignored + ' participant' + (ignored === 1 ? '' : 's')
            + ' ignored' : '');
        // An ignored participant's data is backed up without its preparation: the line says so in the error colour.
        statline.classList.toggle('ui-state-error', ignored > 0);
        statline.classList.toggle('ui-state-highlight', ignored === 0);
        $('bk-state').textContent = lower(overview.state);
        $('bk-last-attempt').textContent = time(a.lastAttempt) || 'never';
        $('bk-last-success').textContent = time(a.lastSuccess) || 'never';
        $('bk-next-run').textContent = time(a.nextRun) || 'none scheduled';
        var failure = $('bk-last-failure');
        clear(failure);
        failure.classList.remove('bk-bad');
        if (a.lastFailure) {
            failure.classList.add('bk-bad');
            failure.appendChild(el('div', null, a.lastFailure));
            Object.keys(a.failedAgents).forEach(function (agent) {
                failure.appendChild(el('div', 'bk-sub', agent + ': ' + a.failedAgents[agent]));
            });
        } else {
            failure.textContent = 'none';
        }
        renderLastVerification(a);
    }

    /** The one row of a table that has nothing to list, saying why. */
    function emptyRow(body, columns, text) {
        var cell = body.insertRow().insertCell();
        cell.colSpan = columns;
        cell.textContent = text;
    }

    function renderAgents() {
        var body = $('bk-agents').tBodies[0];
        clear(body);
        if (overview.agents.length === 0) {
            emptyRow(body, 3, 'No agent is registered: install one (for example the backup-agent-local feature).');
            return;
        }
        overview.agents.forEach(function (agent) {
            var row = body.insertRow();
            row.setAttribute('data-agent', agent.id);
            var id = row.insertCell();
            id.className = 'bk-nowrap';
            id.textContent = agent.id;
            var name = row.insertCell();
            name.className = 'bk-nowrap';
            name.textContent = agent.name;
            var status = row.insertCell();
            if (agent.available) {
                status.appendChild(el('span', 'bk-ok', 'available'));
            } else {
                status.appendChild(el('span', 'bk-bad', 'not available'));
                if (agent.problem) {
                    status.appendChild(el('div', 'bk-sub', agent.problem));
                }
            }
        });
    }

    /** The participants in the order their preparation runs; an ignored one is marked, with its reason. */
    function renderParticipants() {
        var body = $('bk-participants').tBodies[0];
        clear(body);
        if (overview.participants.length === 0) {
            emptyRow(body, 4, 'No participant is registered: backups hold the configured folders only.');
            return;
        }
        overview.participants.forEach(function (participant) {
            var row = body.insertRow();
            row.setAttribute('data-participant', participant.id);
            row.setAttribute('data-active', participant.active ? 'true' : 'false');
            if (!participant.active) {
                row.className = 'bk-ignored';
            }
            var id = row.insertCell();
            id.className = 'bk-nowrap';
            id.textContent = participant.id;
            row.insertCell().textContent = participant.bundle;
            row.insertCell().textContent = participant.ranking;
            var status = row.insertCell();
            if (participant.active) {
                status.appendChild(el('span', 'bk-ok', 'yes'));
            } else {
                status.appendChild(el('span', 'bk-bad', 'no \u2013 ignored'));
                status.appendChild(el('div', 'bk-sub bk-problem', participant.problem));
            }
        });
    }

    /** The create form's agent and content boxes; rebuilt only when the set changes, so that ticks stay. */
    function renderChoices() {
        var agents = overview.agents.filter(function (a) {
            return a.registered;
        });
        var key = JSON.stringify([agents.map(function (a) {
            return a.id + (a.available ? '' : '!');
        }), overview.contents]);
        if (key === choicesKey) {
            return;
        }
        choicesKey = key;
        var agentBox = $('bk-create-agents');
        clear(agentBox);
        agents.forEach(function (agent) {
            agentBox.appendChild(choice('agent', agent.id, agent.name + ' (' + agent.id + ')'
                + (agent.available ? '' : ' \u2013 not available'), agent.available));
        });
        if (agents.length === 0) {
            agentBox.appendChild(el('span', 'bk-hint', 'No agent is registered.'));
        }
        var contentBox = $('bk-create-contents');
        clear(contentBox);
        overview.contents.forEach(function (content) {
            contentBox.appendChild(choice('content', content, content, true));
        });
        if (overview.contents.length === 0) {
            contentBox.appendChild(el('span', 'bk-hint', 'Nothing is configured to back up.'));
        }
    }

    function choice(name, value, label, checked) {
        var wrap = el('label', 'bk-choice');
        var box = document.createElement('input');
        box.type = 'checkbox';
        box.name = name;
        box.value = value;
        box.checked = checked;
        wrap.appendChild(box);
        wrap.appendChild(document.createTextNode(' ' + label));
        return wrap;
    }

    function protection(backup) {
        var on = backup.copies.filter(function (c) {
            return c.protected;
        });
        if (backup.copies.length === 0) {
            return '-';
        }
        if (on.length === 0) {
            return 'no';
        }
        if (on.length === backup.copies.length) {
            return 'yes';
        }
        return 'on ' + on.map(function (c) {
            return c.agent;
        }).join(', ');
    }

    function renderBackups() {
        var body = $('bk-backups').tBodies[0];
        clear(body);
        if (overview.backups.length === 0) {
            emptyRow(body, 7, 'No backups yet.');
            return;
        }
        overview.backups.forEach(function (backup) {
            var row = body.insertRow();
            row.setAttribute('data-backup-id', backup.id);
            var name = row.insertCell();
            name.appendChild(el('div', 'bk-name', backup.name));
            name.appendChild(el('div', 'bk-sub', backup.id + (backup.automatic ? ' \u00b7 automatic' : '')
                + ' \u00b7 ' + backup.contents.join(', ')));
            var created = row.insertCell();
            created.className = 'bk-nowrap';
            created.textContent = time(backup.createdAt);
            var sizeCell = row.insertCell();
            sizeCell.className = 'bk-nowrap';
            sizeCell.textContent = size(backup.size);
            row.insertCell().textContent = protection(backup);
            row.insertCell().textContent = backup.copies.map(function (c) {
                return c.agent;
            }).join(', ') || '-';
            var failed = row.insertCell();
            failed.className = 'bk-failed-column';
            var failedAgents = Object.keys(backup.failedAgents);
            if (failedAgents.length === 0) {
                failed.textContent = '-';
            }
            failedAgents.forEach(function (agent) {
                var line = el('div', 'bk-bad', agent);
                line.title = backup.failedAgents[agent];
                failed.appendChild(line);
                failed.appendChild(el('div', 'bk-sub', backup.failedAgents[agent]));
            });
            var actions = row.insertCell();
            actions.className = 'bk-actions-column';
            var held = backup.copies.length > 0;
            actions.appendChild(button('Download', 'bk-download', held, function () {
                openDownload(backup);
            }));
            actions.appendChild(button('Restore', 'bk-restore', held, function () {
                openRestore(backup);
            }));
            actions.appendChild(button('Browse', 'bk-browse-button', held, function () {
                openBrowse(backup);
            }));
            actions.appendChild(button('Delete', 'bk-delete', held, function () {
                openDelete(backup);
            }));
            actions.appendChild(button('Verify', 'bk-verify', held, function (event) {
                verifyBackup(backup, event.currentTarget, actions);
            }));
        });
    }

    function button(text, className, enabled, onClick) {
        var b = el('button', 'ui-state-default ui-corner-all bk-small ' + className, text);
        b.type = 'button';
        b.disabled = !enabled;
        b.addEventListener('click', onClick);
        return b;
    }

    // ---------- progress

    function operationKey(op) {
        return op ? op.kind + ':' + op.backupId + ':' + op.finished : null;
    }

    function poll() {
        getJson('/progress.json').then(function (data) {
            var before = shownOperation;
            if (data.operation) {
                renderOperation(data.operation);
            }
            var endedNow = data.operation && data.operation.finished
                && operationKey(data.operation) !== operationKey(before);
            if (data.operation && data.operation.finished && data.operation.kind === 'restore'
                && data.operation.backupId === startedRestore) {
                // The restore this page asked for ended: its failure also goes above the page.
                startedRestore = null;
                if (data.operation.outcome !== 'SUCCEEDED') {
                    message('error', summaryText(data.operation));
                } else {
                    message('info', summaryText(data.operation));
                }
            }
            var stateChanged = overview && overview.state !== data.state;
            if (endedNow || stateChanged) {
                loadOverview();
            }
        }).catch(function () {
            // A missed poll is retried at the next tick; the console may be restarting.
        }).then(function () {
            setTimeout(poll, POLL_MILLIS);
        });
    }

    var STAGES = {
        PRE_BACKUP: 'preparing the contents', ARCHIVING: 'writing the archive', POST_BACKUP: 'ending the preparation',
        UPLOADING: 'uploading', COMPLETED: 'completed', FAILED: 'failed', STARTING: 'starting',
        FETCHING: 'fetching the archive', VERIFYING: 'checking the archive', EXTRACTING: 'unpacking',
        PRE_RESTORE: 'preparing the participants', REPLACING: 'replacing the live folders',
        POST_RESTORE: 'ending the preparation'
    };

    function renderOperation(op) {
        shownOperation = op;
        $('bk-operation-none').hidden = true;
        var what = op.kind === 'restore' ? 'Restore of ' : 'Backup ';
        var title = $('bk-operation-title');
        title.textContent = what + '\u201c' + (op.name || op.backupId) + '\u201d (' + op.backupId + ')'
            + (op.finished ? '' : ': ' + (STAGES[op.stage] || lower(op.stage) || 'starting') + '\u2026');
        var agents = $('bk-operation-agents');
        clear(agents);
        op.agents.forEach(function (a) {
            agents.appendChild(agentProgress(a, op));
        });
        var result = $('bk-operation-result');
        clear(result);
        if (!op.finished) {
            return;
        }
        op.agents.forEach(function (a) {
            var ok = a.outcome === 'SUCCEEDED';
            var line = el('p', 'bk-agent-result ' + (ok ? 'bk-ok' : 'bk-bad'));
            line.setAttribute('data-agent', a.id);
            line.setAttribute('data-outcome', a.outcome || 'UNKNOWN');
            line.textContent = (ok ? '\u2714 ' : '\u2718 ') + agentName(a.id) + ' (' + a.id + '): '
                + (ok ? 'stored, ' + size(a.total) : 'failed' + (a.reason ? ': ' + a.reason : ''));
            result.appendChild(line);
        });
        var summary = el('p', 'bk-summary ui-corner-all '
            + (op.outcome === 'SUCCEEDED' ? 'ui-state-highlight' : 'ui-state-error'));
        summary.setAttribute('data-outcome', op.outcome);
        summary.textContent = summaryText(op);
        result.appendChild(summary);
        (op.warnings || []).forEach(function (w) {
            result.appendChild(el('p', 'bk-sub', 'Warning: ' + w));
        });
    }

    function summaryText(op) {
        if (op.kind === 'restore') {
            if (op.outcome === 'SUCCEEDED') {
                return 'Restored ' + (op.contents.length ? op.contents.join(', ') : 'the backup')
                    + (op.agent ? ' from agent ' + op.agent : '') + '.';
            }
            return 'The restore failed' + (op.failure ? ': ' + op.failure : '.')
                + ' The live folders are as they were before.';
        }
        if (op.outcome === 'SUCCEEDED') {
            return 'The backup is stored on every agent chosen.';
        }
        if (op.outcome === 'PARTIALLY_FAILED') {
            return 'The backup is stored, but not on every agent chosen: see the failed agents above.';
        }
        return 'The backup failed' + (op.failure ? ': ' + op.failure : '.');
    }

    function agentProgress(a, op) {
        var row = el('div', 'bk-agent-progress');
        row.setAttribute('data-agent', a.id);
        row.appendChild(el('span', 'bk-agent-label', a.id));
        var percent = a.total > 0 ? Math.min(100, Math.floor(a.uploaded * 100 / a.total)) : 0;
        if (a.outcome === 'SUCCEEDED') {
            percent = 100;
        }
        var bar = el('div', 'bk-bar');
        bar.setAttribute('role', 'progressbar');
        bar.setAttribute('aria-valuemin', '0');
        bar.setAttribute('aria-valuemax', '100');
        bar.setAttribute('aria-valuenow', String(percent));
        bar.setAttribute('data-percent', String(percent));
        if (a.outcome) {
            bar.classList.add(a.outcome === 'SUCCEEDED' ? 'bk-bar-ok' : 'bk-bar-failed');
        }
        var fill = el('div', 'bk-bar-fill');
        fill.style.width = percent + '%';
        bar.appendChild(fill);
        var label = a.outcome === 'FAILED' ? 'failed'
            : percent + '%' + (a.total > 0 ? ' \u00b7 ' + size(a.uploaded) + ' of ' + size(a.total) : '');
        bar.appendChild(el('span', 'bk-bar-label', op.kind === 'restore' ? '' : label));
        row.appendChild(bar);
        return row;
    }

    // ---------- create

    function checkedValues(container) {
        var boxes = container.querySelectorAll('input[type=checkbox]');
        var values = [];
        for (var i = 0; i < boxes.length; i++) {
            if (boxes[i].checked) {
                values.push(boxes[i].value);
            }
        }
        return values;
    }

    function defaultName() {
        var d = new Date();
        function two(n) {
            return (n < 10 ? '0' : '') + n;
        }
        return 'Backup ' + d.getFullYear() + '-' + two(d.getMonth() + 1) + '-' + two(d.getDate()) + ' '
            + two(d.getHours()) + ':' + two(d.getMinutes());
    }

    $('bk-create').addEventListener('submit', function (event) {
        event.preventDefault();
        clearErrors();
        var name = $('bk-create-name').value.trim();
        var agents = checkedValues($('bk-create-agents'));
        var contents = checkedValues($('bk-create-contents'));
        var password = $('bk-create-password');
        var repeat = $('bk-create-password-repeat');
        if (!name) {
            message('error', 'Give the backup a name.');
            return;
        }
        if (agents.length === 0) {
            message('error', 'Choose at least one agent to store the backup on.');
            return;
        }
        if (contents.length === 0) {
            message('error', 'Choose at least one content to back up.');
            return;
        }
        if (password.value !== repeat.value) {
            password.value = '';
            repeat.value = '';
            message('error', 'The two passwords differ. Type the same password in both fields.');
            return;
        }
        var fields = [['name', name]];
        agents.forEach(function (a) {
            fields.push(['agent', a]);
        });
        contents.forEach(function (c) {
            fields.push(['content', c]);
        });
        if (password.value) {
            fields.push(['password', password.value]);
            fields.push(['passwordRepeat', repeat.value]);
        }
        password.value = '';
        repeat.value = '';
        var submit = $('bk-create-button');
        submit.disabled = true;
        post('/create.json', fields).then(function (answer) {
            message('info', 'Backup \u201c' + answer.name + '\u201d (' + answer.backupId + ') started.');
            $('bk-create-name').value = defaultName();
        }).catch(function (e) {
            message('error', 'The backup was not started: ' + e.message);
        }).then(function () {
            submit.disabled = false;
        });
    });

    // ---------- verification

    /** The schedule's last verification (verifyAfterBackup, verifyDays), in the status box. */
    function renderLastVerification(a) {
        var cell = $('bk-last-verification');
        clear(cell);
        cell.classList.remove('bk-bad');
        if (!a.lastVerification) {
            cell.textContent = 'none';
            return;
        }
        var damaged = Object.keys(a.damagedCopies);
        cell.classList.toggle('bk-bad', damaged.length > 0);
        var backup = a.lastVerifiedBackupId ? ' (' + a.lastVerifiedBackupId + ')' : '';
        cell.appendChild(el('div', null, time(a.lastVerification) + backup + ': '
            + (damaged.length ? 'DAMAGED on ' + damaged.join(', ') : 'every copy whole')));
        Object.keys(a.verifiedCopies).forEach(function (agent) {
            cell.appendChild(el('div', 'bk-sub', agent + ': ' + a.verifiedCopies[agent]));
        });
    }

    /**
     * The Verify button of a backup: reads every copy back on the server and shows a line per copy below the
     * buttons. Protected copies are checked without the password (size and digest), and the line says so.
     */
    function verifyBackup(backup, verifyButton, cell) {
        clearErrors();
        var old = cell.querySelector('.bk-verify-result');
        if (old) {
            old.remove();
        }
        var box = el('div', 'bk-verify-result', 'Verifying every copy…');
        cell.appendChild(box);
        verifyButton.disabled = true;
        post('/verify.json', [['id', backup.id]]).then(function (answer) {
            clear(box);
            var damaged = answer.results.filter(function (r) {
                return !r.ok;
            });
            answer.results.forEach(function (r) {
                var line = el('div', r.ok ? 'bk-verify-ok' : 'bk-bad bk-verify-damaged', r.agent + ': '
                    + (r.ok ? r.summary : 'DAMAGED'));
                line.setAttribute('data-agent', r.agent);
                box.appendChild(line);
                r.problems.forEach(function (p) {
                    box.appendChild(el('div', 'bk-sub', p.kind + ': ' + p.text));
                });
            });
            if (damaged.length) {
                message('error', 'Backup ' + answer.backupId + ' is damaged on ' + damaged.map(function (r) {
                    return r.agent;
                }).join(', ') + '. Restore from a whole copy if there is one, and make a new backup.');
            } else {
                message('info', 'Backup ' + answer.backupId + ': every copy verified whole.');
            }
        }).catch(function (e) {
            box.textContent = 'Not verified: ' + e.message;
            message('error', 'Backup ' + backup.id + ' could not be verified: ' + e.message);
        }).then(function () {
            verifyButton.disabled = false;
        });
    }

    // ---------- dialogs

    function openDialog(dialog) {
        clearErrors();
        if (typeof dialog.showModal === 'function') {
            dialog.showModal();
        } else {
            dialog.setAttribute('open', 'open');
        }
    }

    function closeDialog(dialog) {
        var fields = dialog.querySelectorAll('input[type=password]');
        for (var i = 0; i < fields.length; i++) {
            fields[i].value = '';
        }
        if (typeof dialog.close === 'function') {
            dialog.close();
        } else {
            dialog.removeAttribute('open');
        }
    }

    ['bk-download-dialog', 'bk-restore-dialog', 'bk-delete-dialog'].forEach(function (id) {
        var dialog = $(id);
        dialog.querySelector('.bk-cancel').addEventListener('click', function () {
            closeDialog(dialog);
        });
        dialog.addEventListener('close', function () {
            var fields = dialog.querySelectorAll('input[type=password]');
            for (var i = 0; i < fields.length; i++) {
                fields[i].value = '';
            }
        });
    });

    function fillAgents(select, backup) {
        clear(select);
        backup.copies.forEach(function (copy) {
            var option = el('option', null, copy.agent + (copy.protected ? ' (protected)' : ''));
            option.value = copy.agent;
            option.setAttribute('data-protected', String(copy.protected));
            select.appendChild(option);
        });
    }

    function selectedCopyProtected(select) {
        var option = select.options[select.selectedIndex];
        return option ? option.getAttribute('data-protected') === 'true' : false;
    }

    function describe(backup) {
        return '\u201c' + backup.name + '\u201d of ' + time(backup.createdAt) + ' (' + backup.id + ', '
            + size(backup.size) + ')';
    }

    // Download

    var downloadBackup = null;

    function openDownload(backup) {
        downloadBackup = backup;
        $('bk-download-text').textContent = 'Download backup ' + describe(backup) + ' as a tar file.';
        var select = $('bk-download-agent');
        fillAgents(select, backup);
        showDownloadPassword();
        openDialog($('bk-download-dialog'));
    }

    function showDownloadPassword() {
        $('bk-download-password-row').hidden = !selectedCopyProtected($('bk-download-agent'));
    }

    $('bk-download-agent').addEventListener('change', showDownloadPassword);

    $('bk-download-confirm').addEventListener('click', function () {
        var backup = downloadBackup;
        var agent = $('bk-download-agent').value;
        var password = $('bk-download-password');
        var withPassword = selectedCopyProtected($('bk-download-agent')) && password.value;
        // A real form aimed at the hidden frame: the browser streams the archive to disk as it comes.
        var form = document.createElement('form');
        form.target = 'bk-download-frame';
        form.action = base + '/download/' + encodeURIComponent(backup.id) + '.tar';
        form.method = withPassword ? 'post' : 'get';
        form.acceptCharset = 'UTF-8';
        form.className = 'bk-hidden';
        addField(form, 'agent', agent);
        if (withPassword) {
            addField(form, 'token', token);
            addField(form, 'password', password.value);
        }
        password.value = '';
        document.body.appendChild(form);
        pendingDownload = true;
        form.submit();
        form.remove();
        closeDialog($('bk-download-dialog'));
        message('info', 'Downloading backup ' + backup.id + ' from agent ' + agent + '\u2026');
    });

    function addField(form, name, value) {
        var input = document.createElement('input');
        input.type = 'hidden';
        input.name = name;
        input.value = value;
        form.appendChild(input);
    }

    // A download that fails is answered with JSON, which lands in the frame instead of a file.
    $('bk-download-frame').addEventListener('load', function () {
        if (!pendingDownload) {
            return;
        }
        pendingDownload = false;
        var text = '';
        try {
            var doc = this.contentDocument;
            text = doc && doc.body ? doc.body.textContent : '';
        } catch (e) {
            text = '';
        }
        if (!text) {
            return;
        }
        var why = text;
        try {
            why = JSON.parse(text).error || text;
        } catch (e) {
            // Not JSON: show the text as it is.
        }
        message('error', 'The download failed: ' + why);
    });

    // Restore

    var restoreBackup = null;

    function openRestore(backup) {
        restoreBackup = backup;
        $('bk-restore-text').textContent = 'Restore backup ' + describe(backup) + '.';
        $('bk-restore-warning').textContent = 'For each content ticked below, its live folder is replaced by'
            + ' the copy in the backup: everything in it now is replaced, and what changed since '
            + time(backup.createdAt) + ' is lost. The current folders are kept until the restore has completed,'
            + ' and put back if it fails.';
        var contents = $('bk-restore-contents');
        clear(contents);
        backup.contents.forEach(function (c) {
            contents.appendChild(choice('content', c, c, true));
        });
        fillAgents($('bk-restore-agent'), backup);
        showRestorePassword();
        openDialog($('bk-restore-dialog'));
    }

    function showRestorePassword() {
        $('bk-restore-password-row').hidden = !selectedCopyProtected($('bk-restore-agent'));
    }

    $('bk-restore-agent').addEventListener('change', showRestorePassword);

    $('bk-restore-confirm').addEventListener('click', function () {
        var backup = restoreBackup;
        var contents = checkedValues($('bk-restore-contents'));
        if (contents.length === 0) {
            message('error', 'Choose at least one content to restore.');
            return;
        }
        var fields = [['id', backup.id], ['agent', $('bk-restore-agent').value]];
        contents.forEach(function (c) {
            fields.push(['content', c]);
        });
        var password = $('bk-restore-password');
        if (password.value && selectedCopyProtected($('bk-restore-agent'))) {
            fields.push(['password', password.value]);
        }
        password.value = '';
        closeDialog($('bk-restore-dialog'));
        post('/restore.json', fields).then(function () {
            startedRestore = backup.id;
            message('info', 'Restore of backup ' + backup.id + ' started; its progress is shown under Progress.');
        }).catch(function (e) {
            message('error', 'The restore was not started: ' + e.message);
        });
    });

    // Browse: one folder of one content at a time, or what a filter chooses; a file or folder restored alone.

    var browsing = null;

    function openBrowse(backup) {
        browsing = { backup: backup, folder: '' };
        $('bk-browse-text').textContent = 'Files of backup ' + describe(backup) + '.';
        fillAgents($('bk-browse-agent'), backup);
        var contents = $('bk-browse-content');
        clear(contents);
        backup.contents.forEach(function (c) {
            var option = el('option', null, c);
            option.value = c;
            contents.appendChild(option);
        });
        $('bk-browse-glob').value = '';
        clear($('bk-browse-entries').tBodies[0]);
        $('bk-browse-note').textContent = '';
        showBrowsePassword();
        openDialog($('bk-browse-dialog'));
        if (!selectedCopyProtected($('bk-browse-agent'))) {
            loadBrowse();
        }
    }

    function showBrowsePassword() {
        $('bk-browse-password-row').hidden = !selectedCopyProtected($('bk-browse-agent'));
    }

    function browseFields() {
        var fields = [['id', browsing.backup.id], ['agent', $('bk-browse-agent').value]];
        var password = $('bk-browse-password');
        if (password.value && selectedCopyProtected($('bk-browse-agent'))) {
            fields.push(['password', password.value]);
        }
        return fields;
    }

    function loadBrowse() {
        var fields = browseFields();
        fields.push(['content', $('bk-browse-content').value]);
        var glob = $('bk-browse-glob').value.trim();
        if (glob) {
            fields.push(['glob', glob]);
        } else {
            fields.push(['folder', browsing.folder]);
        }
        $('bk-browse-folder').textContent = glob ? 'Filter: ' + glob
            : $('bk-browse-content').value + '/' + browsing.folder;
        $('bk-browse-up').disabled = !!glob || browsing.folder === '';
        $('bk-browse-note').textContent = 'Reading the backup\u2026';
        post('/browse.json', fields).then(renderBrowse).catch(function (e) {
            $('bk-browse-note').textContent = '';
            message('error', 'Backup ' + browsing.backup.id + ' could not be listed: ' + e.message);
        });
    }

    function renderBrowse(answer) {
        var body = $('bk-browse-entries').tBodies[0];
        clear(body);
        if (answer.entries.length === 0) {
            emptyRow(body, 5, answer.glob ? 'Nothing matches the filter.' : 'This folder is empty.');
        }
        answer.entries.forEach(function (entry) {
            var row = body.insertRow();
            var name = row.insertCell();
            var shown = answer.glob ? entry.path : entry.name;
            if (entry.type === 'folder') {
                var link = el('span', 'bk-browse-folder-link', shown + '/');
                link.addEventListener('click', function () {
                    $('bk-browse-glob').value = '';
                    browsing.folder = entry.path.substring(answer.content.length + 1);
                    loadBrowse();
                });
                name.appendChild(link);
            } else {
                name.textContent = shown + (entry.link ? ' \u2192 ' + entry.link : '');
            }
            row.insertCell().textContent = entry.type === 'file' ? size(entry.size) : '';
            row.insertCell().textContent = time(entry.modified);
            row.insertCell().textContent = entry.mode;
            var actions = row.insertCell();
            actions.className = 'bk-actions-column';
            actions.appendChild(button('Restore', 'bk-browse-restore', true, function () {
                restorePath(entry);
            }));
        });
        $('bk-browse-note').textContent = answer.truncated ? 'Only the first ' + answer.entries.length
            + ' entries are shown; use a filter to see the others.' : '';
    }

    function restorePath(entry) {
        var backup = browsing.backup;
        var what = entry.type === 'folder' ? 'folder ' + entry.path + ' with everything in it' : entry.path;
        if (!window.confirm('Restore ' + what + ' from backup ' + describe(backup) + ' into the live folder?'
                + ' It replaces what is there now; everything else stays as it is.')) {
            return;
        }
        var fields = browseFields();
        fields.push(['path', entry.path]);
        closeDialog($('bk-browse-dialog'));
        post('/restore.json', fields).then(function () {
            startedRestore = backup.id;
            message('info', 'Restore of ' + entry.path + ' from backup ' + backup.id
                + ' started; its progress is shown under Progress.');
        }).catch(function (e) {
            message('error', 'The restore was not started: ' + e.message);
        });
    }

    $('bk-browse-agent').addEventListener('change', showBrowsePassword);
    $('bk-browse-content').addEventListener('change', function () {
        browsing.folder = '';
        $('bk-browse-glob').value = '';
        loadBrowse();
    });
    $('bk-browse-show').addEventListener('click', loadBrowse);
    $('bk-browse-up').addEventListener('click', function () {
        var slash = browsing.folder.lastIndexOf('/');
        browsing.folder = slash < 0 ? '' : browsing.folder.substring(0, slash);
        loadBrowse();
    });
    $('bk-browse-dialog').querySelector('.bk-cancel').addEventListener('click', function () {
        closeDialog($('bk-browse-dialog'));
    });
    $('bk-browse-dialog').addEventListener('close', function () {
        $('bk-browse-password').value = '';
    });

    // Delete

    var deleteBackup = null;

    function openDelete(backup) {
        deleteBackup = backup;
        $('bk-delete-text').textContent = 'Delete backup ' + describe(backup) + ' from '
            + (backup.copies.length === 1 ? 'agent ' : 'agents ') + backup.copies.map(function (c) {
                return c.agent;
            }).join(', ') + '? This cannot be undone.';
        openDialog($('bk-delete-dialog'));
    }

    $('bk-delete-confirm').addEventListener('click', function () {
        var backup = deleteBackup;
        closeDialog($('bk-delete-dialog'));
        post('/delete.json', [['id', backup.id]]).then(function () {
            message('info', 'Backup \u201c' + backup.name + '\u201d (' + backup.id + ') deleted.');
        }).catch(function (e) {
            message('error', 'Backup ' + backup.id + ' was not deleted: ' + e.message);
        }).then(loadOverview);
    });

    $('bk-refresh').addEventListener('click', function () {
        clearErrors();
        loadOverview();
    });

    // ---------- start

    $('bk-create-name').value = defaultName();
    loadOverview().then(function () {
        setTimeout(poll, POLL_MILLIS);
    });
})();
