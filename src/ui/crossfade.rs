//! The attract loop's crossfade in one pass of the graphics card: a full-screen quad
//! that mixes the two covers' textures, without blending.
//!
//! Drawn by egui as two layers (the cover, then the next one blended over it), every
//! pixel of the screen is shaded twice and the first layer read back for the second:
//! under software GL (llvmpipe) that was about 45 ms of CPU a frame at 1080p even with
//! the shade baked into the covers. One pass of two texture reads and no blending
//! costs about half (docs/PERFORMANCE.md, "The attract loop"). The covers are
//! [`crate::media::images::ScreenCover`]s, the screen's size, so the quad samples them
//! pixel for pixel.

use std::sync::{Arc, Mutex};

use eframe::egui::{self, Rect, TextureId};
use eframe::egui_glow;
use eframe::glow::{self, HasContext as _};

/// The crossfade's program, made in the first frame that needs it.
enum Program {
    Unmade,
    Made {
        program: glow::Program,
        vertex_array: glow::VertexArray,
        from: Option<glow::UniformLocation>,
        to: Option<glow::UniformLocation>,
        mix: Option<glow::UniformLocation>,
    },
    /// This GL cannot (an old GLSL): the screen draws the crossfade as two layers.
    Unavailable,
}

static PROGRAM: Mutex<Program> = Mutex::new(Program::Unmade);

/// Whether the one-pass crossfade can be drawn: `false` once making it failed, so the
/// caller draws the two layers instead.
pub fn available() -> bool {
    PROGRAM
        .lock()
        .map(|program| !matches!(*program, Program::Unavailable))
        .unwrap_or(false)
}

/// Paints `rect` with the cover `from` crossfading into `to`, `t` of the way (0–1).
pub fn paint(ui: &egui::Ui, rect: Rect, from: TextureId, to: TextureId, t: f32) {
    let t = t.clamp(0.0, 1.0);
    let callback = egui_glow::CallbackFn::new(move |_info, painter| {
        let (Some(from), Some(to)) = (painter.texture(from), painter.texture(to)) else {
            return;
        };
        let Ok(mut program) = PROGRAM.lock() else {
            return;
        };
        let gl = painter.gl();
        if matches!(*program, Program::Unmade) {
            *program = make(gl).unwrap_or_else(|err| {
                tracing::warn!("attract crossfade drawn in two layers: {err}");
                Program::Unavailable
            });
        }
        if let Program::Made {
            program,
            vertex_array,
            from: from_at,
            to: to_at,
            mix,
        } = &*program
        {
            // SAFETY: egui_glow calls this with its GL context current, between its own
            // draws, and restores its own state afterwards (`prepare_painting`).
            unsafe {
                gl.disable(glow::BLEND);
                gl.use_program(Some(*program));
                gl.bind_vertex_array(Some(*vertex_array));
                gl.active_texture(glow::TEXTURE0);
                gl.bind_texture(glow::TEXTURE_2D, Some(from));
                gl.active_texture(glow::TEXTURE1);
                gl.bind_texture(glow::TEXTURE_2D, Some(to));
                gl.uniform_1_i32(from_at.as_ref(), 0);
                gl.uniform_1_i32(to_at.as_ref(), 1);
                gl.uniform_1_f32(mix.as_ref(), t);
                gl.draw_arrays(glow::TRIANGLE_STRIP, 0, 4);
                gl.bind_vertex_array(None);
                gl.active_texture(glow::TEXTURE0);
            }
        }
    });
    ui.painter().add(egui::PaintCallback {
        rect,
        callback: Arc::new(callback),
    });
}

/// Compiles and links the program; an error says why this GL cannot.
fn make(gl: &glow::Context) -> Result<Program, String> {
    let version = egui_glow::ShaderVersion::get(gl);
    if !version.is_new_shader_interface() {
        return Err(format!("GLSL {version:?} has no gl_VertexID"));
    }
    let header = format!(
        "{}#ifdef GL_ES\nprecision mediump float;\n#endif\n",
        version.version_declaration()
    );
    // A quad from the vertex index alone (no buffers); texture row 0 is the picture's top.
    let vertex = format!(
        "{header}out vec2 v_tc;\nvoid main() {{\n    vec2 corner = vec2(float(gl_VertexID % 2), float(gl_VertexID / 2));\n    v_tc = vec2(corner.x, 1.0 - corner.y);\n    gl_Position = vec4(corner * 2.0 - 1.0, 0.0, 1.0);\n}}\n"
    );
    let fragment = format!(
        "{header}uniform sampler2D u_from;\nuniform sampler2D u_to;\nuniform float u_mix;\nin vec2 v_tc;\nout vec4 f_color;\nvoid main() {{\n    f_color = vec4(mix(texture(u_from, v_tc).rgb, texture(u_to, v_tc).rgb, u_mix), 1.0);\n}}\n"
    );
    // SAFETY: called from egui_glow's paint callback with the context current; every
    // object made here is either kept for the kiosk's life or deleted on failure.
    unsafe {
        let program = gl.create_program()?;
        let mut shaders = Vec::new();
        for (kind, source) in [
            (glow::VERTEX_SHADER, vertex),
            (glow::FRAGMENT_SHADER, fragment),
        ] {
            let shader = gl.create_shader(kind)?;
            gl.shader_source(shader, &source);
            gl.compile_shader(shader);
            if !gl.get_shader_compile_status(shader) {
                let log = gl.get_shader_info_log(shader);
                gl.delete_shader(shader);
                gl.delete_program(program);
                return Err(log);
            }
            gl.attach_shader(program, shader);
            shaders.push(shader);
        }
        gl.link_program(program);
        for shader in shaders {
            gl.detach_shader(program, shader);
            gl.delete_shader(shader);
        }
        if !gl.get_program_link_status(program) {
            let log = gl.get_program_info_log(program);
            gl.delete_program(program);
            return Err(log);
        }
        let vertex_array = gl.create_vertex_array()?;
        Ok(Program::Made {
            from: gl.get_uniform_location(program, "u_from"),
            to: gl.get_uniform_location(program, "u_to"),
            mix: gl.get_uniform_location(program, "u_mix"),
            program,
            vertex_array,
        })
    }
}
