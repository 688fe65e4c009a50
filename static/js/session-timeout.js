// The timeout warning (after GOV.UK's pattern): before a sign-in ends, a
// modal dialog says how long is left and lets the person stay signed in.
// The server enforces the limits (accounts/session_limits.py); this only
// warns. The page says how many seconds were left when it was made; before
// opening, the dialog asks the server again, as another tab may have kept
// the sign-in alive.

const dialog = document.getElementById("session-timeout");

if (dialog && typeof dialog.showModal === "function") {
  startTimeoutWarning(dialog);
}

function startTimeoutWarning(dialog) {
  const warningMs = Number(dialog.dataset.warningSeconds) * 1000;
  const csrfToken = dialog.querySelector("input[name=csrfmiddlewaretoken]").value;
  const stayButton = dialog.querySelector("[data-stay-signed-in]");
  const closeButton = dialog.querySelector("[data-close]");
  const idleText = dialog.querySelector("[data-idle-text]");
  const absoluteText = dialog.querySelector("[data-absolute-text]");
  const announcement = dialog.querySelector("[data-announcement]");

  let deadlines = deadlinesFrom({
    idle_seconds: Number(dialog.dataset.idleSeconds),
    absolute_seconds: Number(dialog.dataset.absoluteSeconds),
  });
  // Once the person has read that the sign-in is ending, say it only once.
  let absoluteWarned = false;
  let kind = null;
  let timer = null;
  let ticker = null;
  let returnFocusTo = null;

  function deadlinesFrom(status) {
    const now = Date.now();
    return {
      idle: now + status.idle_seconds * 1000,
      absolute: now + status.absolute_seconds * 1000,
    };
  }

  function nextEnd() {
    return Math.min(deadlines.idle, deadlines.absolute);
  }

  function schedule() {
    clearTimeout(timer);
    let at = nextEnd() - warningMs;
    if (absoluteWarned && deadlines.absolute <= deadlines.idle) {
      at = deadlines.absolute;
    }
    timer = setTimeout(check, Math.max(0, at - Date.now()));
  }

  async function check() {
    const status = await ask(dialog.dataset.statusUrl, "GET");
    if (status) {
      deadlines = deadlinesFrom(status);
    }
    const left = nextEnd() - Date.now();
    if (left <= 0) {
      showSignedOut();
    } else if (left > warningMs + 1000) {
      schedule();
    } else if (deadlines.absolute <= deadlines.idle) {
      if (absoluteWarned) {
        schedule();
      } else {
        open("absolute");
      }
    } else {
      open("idle");
    }
  }

  function open(newKind) {
    kind = newKind;
    idleText.hidden = kind !== "idle";
    absoluteText.hidden = kind !== "absolute";
    stayButton.hidden = kind !== "idle";
    closeButton.hidden = kind !== "absolute";
    returnFocusTo = document.activeElement;
    if (!dialog.open) {
      dialog.showModal();
    }
    (kind === "idle" ? stayButton : closeButton).focus();
    announcement.textContent = "";
    tick();
    clearInterval(ticker);
    ticker = setInterval(tick, 1000);
  }

  function close() {
    clearInterval(ticker);
    if (dialog.open) {
      dialog.close();
    }
    if (returnFocusTo && typeof returnFocusTo.focus === "function") {
      returnFocusTo.focus();
    }
    kind = null;
    schedule();
  }

  function tick() {
    const end = kind === "absolute" ? deadlines.absolute : nextEnd();
    const seconds = Math.max(0, Math.ceil((end - Date.now()) / 1000));
    const words = inWords(seconds);
    for (const countdown of dialog.querySelectorAll("[data-countdown]")) {
      countdown.textContent = words;
    }
    // Screen readers hear the time left when the dialog opens and every 30
    // seconds, not every second.
    if (announcement.textContent === "" || seconds % 30 === 0) {
      announcement.textContent = `You will be signed out in ${words}.`;
    }
    if (seconds === 0) {
      showSignedOut();
    }
  }

  async function staySignedIn() {
    const status = await ask(dialog.dataset.keepAliveUrl, "POST");
    if (status) {
      deadlines = deadlinesFrom(status);
      close();
    }
  }

  function acknowledge() {
    absoluteWarned = true;
    close();
  }

  // The server has signed the person out (or will on the next request):
  // loading the page again shows the sign-in page and says why.
  function showSignedOut() {
    clearInterval(ticker);
    clearTimeout(timer);
    window.location.assign(window.location.pathname + window.location.search);
  }

  async function ask(url, method) {
    let response;
    try {
      response = await fetch(url, {
        method,
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": csrfToken },
      });
    } catch {
      return null; // offline: keep counting down from what we knew
    }
    const json = (response.headers.get("Content-Type") || "").includes("application/json");
    if (!response.ok || !json) {
      showSignedOut();
      return null;
    }
    return response.json();
  }

  stayButton.addEventListener("click", staySignedIn);
  closeButton.addEventListener("click", acknowledge);
  // Escape means "not yet": stay signed in, as the GOV.UK pattern does.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    if (kind === "idle") {
      staySignedIn();
    } else {
      acknowledge();
    }
  });

  schedule();
}

function inWords(seconds) {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  const parts = [];
  if (minutes) {
    parts.push(`${minutes} minute${minutes === 1 ? "" : "s"}`);
  }
  if (rest || !minutes) {
    parts.push(`${rest} second${rest === 1 ? "" : "s"}`);
  }
  return parts.join(" ");
}
