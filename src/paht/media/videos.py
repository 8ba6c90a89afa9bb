"""Videos: probing, remuxing without metadata (re-encoding only when needed), posters."""

from datetime import datetime
from fractions import Fraction
from pathlib import Path

import av
from django.utils.translation import gettext_lazy as _
from PIL import Image

from .base import Derived, Limits, MediaRefused, Probe, save_jpeg, thumb, unreadable
from .geotags import iso6709_point

COPY_VIDEO = {"mp4": {"h264", "hevc", "av1"}, "webm": {"vp8", "vp9", "av1"}}
COPY_AUDIO = {"mp4": {"aac", "mp3"}, "webm": {"opus", "vorbis"}}
CONTENT_TYPES = {"jpeg": "image/jpeg", "mp4": "video/mp4", "webm": "video/webm"}


# Past the duration the header claims, a clip may run on by this much before it is refused.
DURATION_SLACK_SECONDS = 2.0


def _open_video(path: Path, decoder: str):
    # "file:" pins FFmpeg to the file protocol whatever the name looks like; the format
    # is ours, so nothing is probed; undecodable metadata text is replaced, not fatal.
    try:
        return av.open(
            f"file:{path}",
            format=decoder,
            options={"probesize": "5000000"},
            metadata_errors="replace",
        )
    except Exception:
        raise unreadable("video") from None


def _too_long(seconds: float, limits: Limits) -> MediaRefused:
    return MediaRefused(
        "too_long",
        _("Video dài %(s)s giây, tối đa %(max)s giây.")
        % {"s": round(seconds), "max": round(limits.video_max_seconds)},
        413,
    )


def probe_video(path, fmt, decoder, size, limits) -> Probe:
    with _open_video(path, decoder) as container:
        if not container.streams.video:
            raise MediaRefused("no_video", _("Tệp không chứa hình ảnh video."), 422)
        stream = container.streams.video[0]
        context = stream.codec_context
        if context is None:  # a codec FFmpeg does not know: nothing could show it
            raise unreadable("video")
        width, height = context.width, context.height
        duration = _duration(container, stream)
        metadata = dict(container.metadata)
    if not width or not height:
        raise unreadable("video")
    if width * height > limits.video_max_pixels:
        raise MediaRefused("too_many_pixels", _("Độ phân giải video quá lớn."), 413)
    if duration is None:
        raise MediaRefused("no_duration", _("Không đọc được thời lượng video."), 422)
    if duration > limits.video_max_seconds:
        raise _too_long(duration, limits)
    lat, lng = _video_point(metadata)
    return Probe(
        "video",
        fmt,
        size,
        width,
        height,
        duration=round(duration, 3),
        taken_at=_video_time(metadata),
        lat=lat,
        lng=lng,
    )


def _duration(container, stream) -> float | None:
    if container.duration and container.duration > 0:
        return container.duration / av.time_base
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    return None


def _video_point(metadata: dict) -> tuple[float | None, float | None]:
    for key in ("com.apple.quicktime.location.ISO6709", "location", "location-eng"):
        if key in metadata:
            point = iso6709_point(metadata[key])
            if point:
                return point
    return None, None


def _video_time(metadata: dict) -> datetime | None:
    for key in ("com.apple.quicktime.creationdate", "creation_time"):
        raw = metadata.get(key)
        if raw:
            try:
                moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
            except ValueError:
                continue
            if moment.tzinfo is not None and moment.year > 1970:
                return moment
    return None


def process_video(path: Path, decoder: str, fmt: str, out_dir: Path, limits: Limits) -> Derived:
    """Remux without metadata (re-encode only codecs browsers cannot play) and a poster.

    Anything FFmpeg trips over, here or in the poster, is a refusal, never a crash.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        return _process_video(path, decoder, fmt, out_dir, limits)
    except MediaRefused:
        raise
    except Exception:
        raise unreadable("video") from None


def _process_video(path, decoder, fmt, out_dir, limits) -> Derived:
    target_fmt = "webm" if fmt == "webm" else "mp4"
    with _open_video(path, decoder) as container:
        video = container.streams.video[0]
        audio = container.streams.audio[0] if container.streams.audio else None
        if video.codec_context is None or (audio is not None and audio.codec_context is None):
            raise unreadable("video")
        copy = video.codec_context.name in COPY_VIDEO[target_fmt] and (
            audio is None or audio.codec_context.name in COPY_AUDIO[target_fmt]
        )
        if not copy:
            target_fmt = "mp4"
        out_path = out_dir / f"video.{target_fmt}"
        if copy:
            _remux(container, video, audio, out_path, target_fmt, limits)
        else:
            _transcode(container, video, audio, out_path, limits)
        width, height = video.codec_context.width, video.codec_context.height
    with _open_video(out_path, "mp4" if target_fmt == "mp4" else "matroska") as written:
        duration = _duration(written, written.streams.video[0])
    poster, rotation = _poster(out_path, limits)
    if rotation % 180:
        width, height = height, width
    result = Derived(width=width, height=height, duration=duration, reencoded=not copy)
    result.files["video"] = out_path
    result.content_types["video"] = CONTENT_TYPES[target_fmt]
    for name, im in (("poster", poster), ("small", thumb(poster, limits.thumb_edges[0]))):
        target = out_dir / f"{name}.jpg"
        save_jpeg(im, target)
        result.files[name] = target
        result.content_types[name] = "image/jpeg"
    return result


def _check_time(packet_or_frame, limits: Limits) -> None:
    """Refuse a clip that runs on past the limit, whatever its header claimed."""
    if packet_or_frame.pts is None or packet_or_frame.time_base is None:
        return
    seconds = float(packet_or_frame.pts * packet_or_frame.time_base)
    if seconds > limits.video_max_seconds + DURATION_SLACK_SECONDS:
        raise _too_long(seconds, limits)


def _remux(container, video, audio, out_path: Path, target_fmt: str, limits: Limits) -> None:
    options = {"movflags": "+faststart"} if target_fmt == "mp4" else {}
    with av.open(str(out_path), "w", format=target_fmt, options=options) as out:
        # A new container: neither container nor stream metadata is carried over (place,
        # time, device, GPS tracks and other data streams are simply not copied).
        mapping = {video.index: out.add_stream_from_template(video)}
        if audio is not None:
            mapping[audio.index] = out.add_stream_from_template(audio)
        streams = [s for s in (video, audio) if s is not None]
        for packet in container.demux(streams):
            if packet.dts is None:
                continue
            _check_time(packet, limits)
            packet.stream = mapping[packet.stream.index]
            out.mux(packet)


def _transcode(container, video, audio, out_path: Path, limits: Limits) -> None:
    """H.264 and AAC, frames numbered at a constant rate, samples counted."""
    with av.open(str(out_path), "w", format="mp4", options={"movflags": "+faststart"}) as out:
        rate = video.average_rate or video.guessed_rate or Fraction(25)
        rate = Fraction(rate).limit_denominator(1001)
        v_out = out.add_stream("libx264", rate=rate, options={"crf": "23", "preset": "veryfast"})
        v_out.width = max(2, video.codec_context.width // 2 * 2)
        v_out.height = max(2, video.codec_context.height // 2 * 2)
        v_out.pix_fmt = "yuv420p"
        v_out.codec_context.time_base = 1 / rate
        a_out = resampler = None
        if audio is not None:
            sample_rate = audio.codec_context.sample_rate or 48000
            a_out = out.add_stream("aac", rate=sample_rate)
            a_out.codec_context.time_base = Fraction(1, sample_rate)
            resampler = av.AudioResampler(format="fltp", layout="stereo", rate=sample_rate)
        frames = samples = 0
        rotation = None
        streams = [s for s in (video, audio) if s is not None]
        for packet in container.demux(streams):
            for frame in packet.decode():
                _check_time(frame, limits)
                if packet.stream.type == "video":
                    if rotation is None:
                        rotation = round(getattr(frame, "rotation", 0) or 0)
                        if rotation:
                            v_out.set_display_rotation(rotation)
                    frame = frame.reformat(width=v_out.width, height=v_out.height, format="yuv420p")
                    frame.pts, frame.time_base = frames, v_out.codec_context.time_base
                    frames += 1
                    out.mux(v_out.encode(frame))
                elif a_out is not None:
                    for chunk in resampler.resample(frame):
                        chunk.pts, chunk.time_base = samples, a_out.codec_context.time_base
                        samples += chunk.samples
                        out.mux(a_out.encode(chunk))
        out.mux(v_out.encode())
        if a_out is not None:
            out.mux(a_out.encode())


def _poster(video_path: Path, limits: Limits) -> tuple[Image.Image, int]:
    """A frame about a second in (or the middle of a shorter clip), upright."""
    with _open_video(video_path, "mp4" if video_path.suffix == ".mp4" else "matroska") as c:
        stream = c.streams.video[0]
        duration = _duration(c, stream) or 0
        at = min(1.0, duration / 2)
        if at > 0 and stream.time_base:
            c.seek(int(at / stream.time_base), stream=stream, backward=True)
        frame = next(c.decode(stream), None)
        if frame is None:
            raise MediaRefused("unreadable", _("Video không có khung hình nào đọc được."), 422)
        rotation = getattr(frame, "rotation", 0) or 0
        im = frame.to_image()
    im = thumb(im, limits.poster_edge)
    # A display matrix rotates counter-clockwise by ``rotation`` degrees.
    rotation = round(rotation) % 360
    if rotation:
        im = im.rotate(rotation, expand=True)
    return im, rotation
